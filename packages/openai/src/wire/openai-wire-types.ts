/**
 * The subset of OpenAI's chat-completions wire format the adapter writes and reads. Response types are
 * deliberately loose (everything optional): compatible servers omit fields, and unknown fields never matter.
 */

/**
 * A content part of a user message on the wire.
 *
 * @example
 * ```ts
 * const content: OpenAIContentPart[] = [
 *   { type: 'text', text: 'What is in this image?' },
 *   { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
 * ];
 * const message: OpenAIMessage = { role: 'user', content };
 * ```
 */
export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/**
 * A tool call as OpenAI writes it.
 *
 * @example
 * ```ts
 * const call: OpenAIToolCall = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
 * const turn: OpenAIMessage = { role: 'assistant', content: null, tool_calls: [call] };
 * ```
 */
export interface OpenAIToolCall {
  /** Call id, echoed back by the tool result. */
  id: string;
  /** Always `function`. */
  type: 'function';
  /** Function name and JSON-text arguments. */
  function: { name: string; arguments: string };
}

/**
 * One message of a chat-completions request.
 *
 * @example
 * ```ts
 * const messages: OpenAIMessage[] = [
 *   { role: 'system', content: 'Be brief.' },
 *   { role: 'user', content: 'Weather in Paris?' },
 *   { role: 'tool', tool_call_id: 'call_1', content: '{"tempC":21}' },
 * ];
 * // or from router messages: intent.messages.map(toOpenAIMessage)
 * ```
 */
export type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/**
 * A tool definition on the wire.
 *
 * @example
 * ```ts
 * const tool: OpenAITool = {
 *   type: 'function',
 *   function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
 * };
 * ```
 */
export interface OpenAITool {
  /** Always `function`. */
  type: 'function';
  /** Name, description and JSON Schema of the arguments. */
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/**
 * `tool_choice` on the wire.
 *
 * @example
 * ```ts
 * const toolChoice: OpenAIToolChoice = { type: 'function', function: { name: 'get_weather' } };
 * // what the intent's toolChoice `{ name: 'get_weather' }` becomes in toOpenAIRequest
 * ```
 */
export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/**
 * `response_format` on the wire.
 *
 * @example
 * ```ts
 * const format: OpenAIResponseFormat = {
 *   type: 'json_schema',
 *   json_schema: { name: 'person', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: true },
 * };
 * ```
 */
export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean };
    };

/**
 * A `POST /chat/completions` body.
 *
 * @example
 * ```ts
 * const body: OpenAIChatRequest = toOpenAIRequest(intent, 'gpt-4o-mini', { stream: true });
 * body.stream_options; // { include_usage: true }, so the last chunk carries usage (unless compat.streamUsage is false)
 * await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify(body), headers });
 * ```
 */
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

/**
 * Usage as OpenAI (and DeepSeek's cache fields) report it.
 *
 * @example
 * ```ts
 * const usage: OpenAIWireUsage = { prompt_tokens: 1200, completion_tokens: 80, prompt_tokens_details: { cached_tokens: 1024 } };
 * toUsage(usage); // the router's Usage, cached prompt tokens included
 * ```
 */
export interface OpenAIWireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek: prompt tokens served from its context cache. */
  prompt_cache_hit_tokens?: number;
}

/**
 * A tool call inside a response (arguments may be an object on some compatible servers).
 *
 * @example
 * ```ts
 * const body = (await response.json()) as OpenAIChatResponse;
 * for (const call of body.choices?.[0]?.message?.tool_calls ?? []) {
 *   const wire: OpenAIWireToolCall = call;
 *   console.log(wire.id, wire.function?.name, wire.function?.arguments); // arguments: JSON text, or an object on some servers
 * }
 * ```
 */
export interface OpenAIWireToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}

/**
 * A `chat.completion` response body.
 *
 * @example
 * ```ts
 * const body = (await response.json()) as OpenAIChatResponse;
 * body.choices?.[0]?.message?.content; // 'Hello!'
 * const res = fromOpenAIResponse(body, { providerId: 'openai', model: 'gpt-4o-mini' }); // validated and normalised
 * ```
 */
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

/**
 * A `chat.completion.chunk` of a stream.
 *
 * @example
 * ```ts
 * const chunk: OpenAIChatChunk = JSON.parse('{"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}');
 * chunk.choices?.[0]?.delta?.content; // 'Hel'
 * ```
 */
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
