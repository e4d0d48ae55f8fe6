import type { FakeProvider, FakeProviderOptions } from '../fake-provider.js';

/**
 * How a simulated stream ended: fully written, or closed by the client before the end.
 *
 * @example
 * ```ts
 * const fake = await startAnthropicFakeServer({ keys: { 'sk-ant-a': {} }, streamEventDelayMs: 10 });
 * // … start a streamed request and abort it after the first chunk, then:
 * const outcome: AnthropicStreamOutcome = await fake.streamEnded(0); // 'cancelled'
 * ```
 */
export type AnthropicStreamOutcome = 'completed' | 'cancelled';

/**
 * Options of the simulated Anthropic provider: the shared ones plus stream pacing and prompt caching.
 *
 * @example
 * const options: AnthropicFakeOptions = { keys: { 'sk-ant-a': { rpm: 50 } }, streamEventDelayMs: 5 };
 */
export interface AnthropicFakeOptions extends FakeProviderOptions {
  /** Pause before each stream event, in ms on the clock. Default 0. @example 10 */
  streamEventDelayMs?: number;
  /** Smallest prefix, in tokens, that `cache_control` caches (Claude Sonnet: 1024). Default 1024. @example 1024 */
  minCacheableTokens?: number;
  /** Context window; longer prompts get "prompt is too long". Default 200000. @example 200_000 */
  contextWindow?: number;
}

/**
 * A request as the simulated Anthropic provider recorded it; key headers are redacted.
 *
 * @example
 * ```ts
 * const fake = await startAnthropicFakeServer({ keys: { 'sk-ant-a': {} } });
 * // … route a request through an AnthropicAdapter pointed at fake.url, then:
 * const last: RecordedAnthropicRequest | undefined = fake.requests().at(-1);
 * last?.headers['anthropic-version']; // '2023-06-01'
 * ```
 */
export interface RecordedAnthropicRequest {
  /** Request path. @example '/v1/messages' */
  path: string;
  /** Request headers, `x-api-key` and `authorization` redacted. @example { 'anthropic-version': '2023-06-01' } */
  headers: Record<string, string>;
  /** Parsed JSON body. @example { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [] } */
  body: unknown;
}

/**
 * A running simulated Anthropic provider.
 *
 * @example
 * const fake = await startAnthropicFakeServer({ keys: { 'sk-ant-a': {} } });
 * fake.requests()[0]?.body;
 */
export interface AnthropicFakeProvider extends FakeProvider {
  /** Resolves with how the n-th stream (0-based, in start order) ended. @example await fake.streamEnded(0); // 'cancelled' */
  streamEnded(index: number): Promise<AnthropicStreamOutcome>;
  /** Requests received on `/v1/messages`, oldest first. @example fake.requests().length */
  requests(): RecordedAnthropicRequest[];
}
