import type { RequestIntent } from '@apikeyrouter/provider';
import type { AnthropicRequest } from '../wire/anthropic-request-types.js';
import { toAnthropicConversation } from './to-anthropic-messages.js';
import { toAnthropicTools } from './to-anthropic-tools.js';

/**
 * Output cap sent when the intent sets none: Anthropic requires `max_tokens`.
 *
 * @example
 * ```ts
 * const body = toAnthropicRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'm');
 * body.max_tokens === DEFAULT_MAX_TOKENS; // true: the intent set no parameters.maxTokens
 * ```
 */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Options of {@link toAnthropicRequest}.
 *
 * @example
 * ```ts
 * const options: AnthropicRequestOptions = { defaultMaxTokens: 1024, stream: true, cacheSystemPrompt: true };
 * const body = toAnthropicRequest(intent, 'claude-3-5-haiku-latest', options);
 * body.stream; // true
 * ```
 */
export interface AnthropicRequestOptions {
  /** `max_tokens` when the intent has no `parameters.maxTokens`. Default 4096. @example 1024 */
  defaultMaxTokens?: number;
  /** Build a streaming request. Default: `intent.stream`. @example true */
  stream?: boolean;
  /** Mark the system prompt as a cacheable prefix. @example true */
  cacheSystemPrompt?: boolean;
}

/**
 * Builds the `POST /v1/messages` body for an intent. Pure: no I/O, no clock, so benches can time it alone.
 * Temperature is clamped to Anthropic's 0..1; `seed`, `presencePenalty` and `frequencyPenalty` have no
 * Anthropic equivalent and are dropped; `user` becomes `metadata.user_id`.
 *
 * @example
 * const body = toAnthropicRequest({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'hi' }] }, 'claude-sonnet-5-5');
 * JSON.stringify(body); // {"model":"claude-sonnet-5-5","max_tokens":4096,"messages":[{"role":"user","content":"hi"}]}
 */
export function toAnthropicRequest(
  intent: RequestIntent,
  model: string,
  options: AnthropicRequestOptions = {},
): AnthropicRequest {
  const conversation = toAnthropicConversation(intent.messages, {
    cacheSystemPrompt: options.cacheSystemPrompt ?? false,
  });
  const parameters = intent.parameters ?? {};
  const body: AnthropicRequest = {
    model,
    max_tokens: parameters.maxTokens ?? options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS,
    messages: conversation.messages,
  };
  if (conversation.system !== undefined) body.system = conversation.system;
  const { tools, tool_choice } = toAnthropicTools(intent);
  if (tools) body.tools = tools;
  if (tool_choice) body.tool_choice = tool_choice;
  if (parameters.temperature !== undefined) body.temperature = Math.min(1, parameters.temperature);
  if (parameters.topP !== undefined) body.top_p = parameters.topP;
  if (parameters.stop !== undefined && parameters.stop.length > 0) body.stop_sequences = parameters.stop;
  if (parameters.user !== undefined) body.metadata = { user_id: parameters.user };
  if (options.stream ?? intent.stream) body.stream = true;
  return body;
}
