/**
 * The subset of OpenAI's chat-completions wire format the adapter writes and reads. Response types are
 * deliberately loose (everything optional): compatible servers omit fields, and unknown fields never matter.
 */

/** A content part of a user message on the wire. */
export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/** A tool call as OpenAI writes it. */
export interface OpenAIToolCall {
  /** Call id, echoed back by the tool result. */
  id: string;
  /** Always `function`. */
  type: 'function';
  /** Function name and JSON-text arguments. */
  function: { name: string; arguments: string };
}

/** One message of a chat-completions request. */
export type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool definition on the wire. */
export interface OpenAITool {
  /** Always `function`. */
  type: 'function';
  /** Name, description and JSON Schema of the arguments. */
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** `tool_choice` on the wire. */
export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** `response_format` on the wire. */
export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean };
    };

/** A `POST /chat/completions` body. */
export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  response_format?: OpenAIResponseFormat;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  user?: string;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

/** Usage as OpenAI (and DeepSeek's cache fields) report it. */
export interface OpenAIWireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek: prompt tokens served from its context cache. */
  prompt_cache_hit_tokens?: number;
}

/** A tool call inside a response (arguments may be an object on some compatible servers). */
export interface OpenAIWireToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}

/** A `chat.completion` response body. */
export interface OpenAIChatResponse {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    message?: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAIWireToolCall[];
    };
    finish_reason?: string | null;
  }>;
  usage?: OpenAIWireUsage | null;
}

/** A `chat.completion.chunk` of a stream. */
export interface OpenAIChatChunk {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: string;
      content?: string | null;
      tool_calls?: Array<{
        index?: number;
        id?: string;
        type?: string;
        function?: { name?: string; arguments?: string };
      }>;
    };
    finish_reason?: string | null;
  }>;
  usage?: OpenAIWireUsage | null;
  error?: unknown;
}
