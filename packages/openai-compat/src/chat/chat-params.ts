import type { ObjectiveInput } from '@apikeyrouter/core';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';

/**
 * ApiKeyRouter's additions to the chat-completion parameters (OneLLM-style), accepted next to the `openai`
 * SDK's own parameters.
 *
 * @example
 * await client.chat.completions.create({ model: 'gpt-4o-mini', messages, fallback_models: ['anthropic/claude-3-5-haiku-latest'], retries: 2, objective: 'cost' });
 */
export interface RouterChatExtensions {
  /** Models to try, in order, when every key of `model` fails (`provider/model` or bare names). */
  fallback_models?: string[];
  /** Extra provider calls after the first one fails (so at most `retries + 1` calls). */
  retries?: number;
  /** Routing objective for this request: `cost`, `latency`, `reliability`, `fairness`, `quality`, `balanced` or weights. */
  objective?: ObjectiveInput;
}

/**
 * Non-streaming parameters: the `openai` SDK's own type plus {@link RouterChatExtensions}.
 *
 * @example
 * const params: ChatParamsNonStreaming = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };
 */
export type ChatParamsNonStreaming = ChatCompletionCreateParamsNonStreaming & RouterChatExtensions;

/**
 * Streaming parameters: the `openai` SDK's own type plus {@link RouterChatExtensions}.
 *
 * @example
 * const params: ChatParamsStreaming = { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } };
 */
export type ChatParamsStreaming = ChatCompletionCreateParamsStreaming & RouterChatExtensions;

/**
 * Either form.
 *
 * @example
 * const params: ChatParams = { model: 'gpt-4o-mini', messages, stream: Math.random() > 0.5 };
 */
export type ChatParams = ChatCompletionCreateParamsBase & RouterChatExtensions;

/**
 * Per-call options, as the `openai` SDK's second argument: an abort signal, a timeout in ms and the most
 * retries (the router's failover takes the place of the SDK's retry loop).
 *
 * @example
 * await client.chat.completions.create(params, { signal: AbortSignal.timeout(5_000) });
 */
export interface CallOptions {
  /** Cancels the call; it then rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Deadline for the whole call in ms, failover included. */
  timeout?: number;
  /** Most retries after the first attempt (overrides the client's). */
  maxRetries?: number;
}
