/**
 * Token usage as Anthropic reports it. `input_tokens` excludes cached tokens; every field may be missing or
 * null on some responses, so readers must default them.
 *
 * @example
 * const usage: AnthropicUsage = { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2048 };
 */
export interface AnthropicUsage {
  /** Uncached prompt tokens. @example 10 */
  input_tokens?: number | null;
  /** Generated tokens, thinking included. @example 5 */
  output_tokens?: number | null;
  /** Prompt tokens written to the cache. @example 0 */
  cache_creation_input_tokens?: number | null;
  /** Prompt tokens read from the cache. @example 2048 */
  cache_read_input_tokens?: number | null;
  /** Breakdown of output tokens. @example { thinking_tokens: 120 } */
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * One content block of a response. Only the fields the adapter reads are typed; anything else is kept in `raw`.
 *
 * @example
 * const block: AnthropicResponseBlock = { type: 'text', text: 'Hi' };
 */
export interface AnthropicResponseBlock {
  /** `text`, `tool_use`, `thinking`, `redacted_thinking`, or a newer kind. @example 'text' */
  type: string;
  /** Text of a `text` block. @example 'Hi' */
  text?: string;
  /** Id of a `tool_use` block. @example 'toolu_01A' */
  id?: string;
  /** Tool name of a `tool_use` block. @example 'get_weather' */
  name?: string;
  /** Arguments of a `tool_use` block. @example { city: 'Oslo' } */
  input?: unknown;
}

/**
 * The JSON body of a successful `POST /v1/messages`.
 *
 * @example
 * const message: AnthropicMessage = { id: 'msg_1', type: 'message', model: 'claude-sonnet-5-5', content: [], stop_reason: 'end_turn' };
 */
export interface AnthropicMessage {
  /** Message id. @example 'msg_01XF' */
  id?: string;
  /** Always `message`. @example 'message' */
  type?: string;
  /** Always `assistant`. @example 'assistant' */
  role?: string;
  /** Model that answered. @example 'claude-sonnet-5-5-20261001' */
  model?: string;
  /** The answer's blocks. @example [{ type: 'text', text: 'Hi' }] */
  content?: AnthropicResponseBlock[];
  /** Why generation stopped. @example 'end_turn' */
  stop_reason?: string | null;
  /** The stop sequence hit, if any. @example null */
  stop_sequence?: string | null;
  /** Tokens used. @example { input_tokens: 10, output_tokens: 5 } */
  usage?: AnthropicUsage;
}

/**
 * Anthropic's error body, on HTTP errors and in stream `error` events.
 *
 * @example
 * const body: AnthropicErrorBody = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
 */
export interface AnthropicErrorBody {
  /** Always `error`. @example 'error' */
  type: 'error';
  /** What went wrong. @example { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } */
  error: {
    /** Error type, e.g. `invalid_request_error`. @example 'rate_limit_error' */
    type: string;
    /** Human-readable message. @example 'Overloaded' */
    message: string;
  };
  /** Request id (recent API versions). @example 'req_011CV' */
  request_id?: string;
}
