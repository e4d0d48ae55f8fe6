import type { Clock } from '../clock/clock.js';
import type { RouterError } from '../errors/router-error.js';
import type { AssistantMessage } from '../intent/message.js';
import type { RequestIntent } from '../intent/request-intent.js';
import type { AdapterCapabilities } from './capabilities.js';
import type { RateLimitObservation } from './rate-limit-observation.js';
import type { Usage } from './usage.js';

/**
 * Why generation stopped, normalised across providers.
 *
 * @example
 * const reason: FinishReason = 'tool_calls';
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/**
 * The contract version this kit defines. An adapter states the version it implements; the router refuses
 * adapters of a version it does not know instead of calling them wrongly. The version changes only when the
 * contract changes incompatibly (a required member added or a meaning changed); additions that old adapters
 * can ignore keep `v1`.
 *
 * @example
 * const adapter = { specificationVersion: SPECIFICATION_VERSION, ... };
 */
export const SPECIFICATION_VERSION = 'v1';

/**
 * One of the contract versions this kit knows.
 *
 * @example
 * const version: SpecificationVersion = 'v1';
 */
export type SpecificationVersion = typeof SPECIFICATION_VERSION;

/**
 * Everything an adapter needs for one call.
 *
 * @example
 * const response = await adapter.execute({ model: 'gpt-4o-mini', intent, apiKey, signal, requestId: 'req_1', clock });
 */
export interface AdapterCall {
  /** The provider's model id (any `provider/` prefix already removed). */
  model: string;
  /** The validated intent. */
  intent: RequestIntent;
  /** Key material for this call only; empty for keyless providers. Never log or echo it. */
  apiKey: string;
  /** Aborts the call (caller abort, deadline, or failover). */
  signal: AbortSignal;
  /** Router request id, for correlation headers and logs. */
  requestId: string;
  /** The router's clock: use it to turn relative reset times into instants. */
  clock: Clock;
}

/**
 * A complete (non-streamed) answer from a provider.
 *
 * @example
 * const { message, usage, finishReason } = await adapter.execute(call);
 */
export interface AdapterResponse {
  /** The assistant's message, tool calls included. */
  message: AssistantMessage;
  /** Why generation stopped. */
  finishReason: FinishReason;
  /** Tokens used, as reported by the provider. */
  usage: Usage;
  /** Model as reported by the provider (may be a dated snapshot of the requested one). */
  model: string;
  /** Rate-limit facts from the response headers. */
  rateLimits?: RateLimitObservation;
  /** The provider's own request id, when sent. */
  providerRequestId?: string;
  /** The provider's parsed body, unknown fields included. */
  raw: unknown;
}

/**
 * One piece of a streamed answer.
 *
 * @example
 * for await (const part of (await adapter.stream(call)).parts) if (part.type === 'text-delta') process.stdout.write(part.text);
 */
export type AdapterStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | {
      type: 'finish';
      finishReason: FinishReason;
      /** Final usage, when the provider reported it. */
      usage?: Usage;
      /** Model as reported by the provider. */
      model?: string;
    };

/**
 * A stream whose HTTP exchange has succeeded; errors inside `parts` are thrown as {@link RouterError}.
 *
 * @example
 * const { parts, rateLimits } = await adapter.stream(call);
 */
export interface AdapterStream {
  /** Rate-limit facts from the response headers. */
  rateLimits?: RateLimitObservation;
  /** The provider's own request id, when sent. */
  providerRequestId?: string;
  /** The answer, piece by piece. */
  parts: AsyncIterable<AdapterStreamPart>;
}

/**
 * Input of an embeddings call.
 *
 * @example
 * const { embeddings } = await adapter.embed?.({ model: 'text-embedding-3-small', input: ['hi'], apiKey, signal, requestId: 'r1', clock });
 */
export interface EmbedCall {
  /** Provider model id. */
  model: string;
  /** Texts to embed. */
  input: string[];
  /** Key material for this call only. */
  apiKey: string;
  /** Aborts the call. */
  signal: AbortSignal;
  /** Router request id. */
  requestId: string;
  /** The router's clock. */
  clock: Clock;
}

/**
 * Output of an embeddings call.
 *
 * @example
 * const { embeddings, usage } = await adapter.embed!(call);
 */
export interface EmbedResponse {
  /** One vector per input, in order. */
  embeddings: number[][];
  /** Tokens billed. */
  usage: { inputTokens: number };
  /** Model as reported by the provider. */
  model: string;
  /** Rate-limit facts from the response headers. */
  rateLimits?: RateLimitObservation;
  /** The provider's parsed body. */
  raw: unknown;
}

/**
 * Context for classifying an error.
 *
 * @example
 * const error = adapter.classifyError(thrown, { providerId: 'openai', clock });
 */
export interface ClassifyContext {
  /** Provider id. */
  providerId: string;
  /** The router's clock. */
  clock: Clock;
}

/**
 * One provider's wire protocol behind a common shape. Adapters use `fetch` (no vendor SDK) so headers and raw
 * bodies are in hand. Failures are thrown as {@link RouterError} with a category and a `keyEffect`.
 *
 * @example
 * await router.registerProvider('openai', new OpenAIAdapter());
 */
export interface ProviderAdapter {
  /** The contract version implemented ({@link SPECIFICATION_VERSION}). */
  readonly specificationVersion: SpecificationVersion;
  /** Provider id this adapter speaks for by default, e.g. `openai`. */
  readonly id: string;
  /** What the provider supports. */
  readonly capabilities: AdapterCapabilities;
  /** One chat completion. */
  execute(call: AdapterCall): Promise<AdapterResponse>;
  /** A streamed chat completion. Resolves once the provider has accepted the request. */
  stream(call: AdapterCall): Promise<AdapterStream>;
  /** Embeddings, when `capabilities.embeddings`. */
  embed?(call: EmbedCall): Promise<EmbedResponse>;
  /** Parses rate-limit headers into an observation (`now` turns relative resets into instants). */
  parseRateLimits(headers: Headers, now: number): RateLimitObservation;
  /** Turns anything thrown during a call into a categorised {@link RouterError}. */
  classifyError(error: unknown, context: ClassifyContext): RouterError;
}
