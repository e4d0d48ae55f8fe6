import type { Clock } from '../clock/clock.js';
import type { RouterError } from '../errors/router-error.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { AssistantMessage } from '../intent/message-schema.js';
import type { AdapterCapabilities } from './capabilities.js';
import type { RateLimitObservation } from './rate-limit-observation.js';
import type { Usage } from './usage.js';

/** Why generation stopped, normalised across providers. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/** Everything an adapter needs for one call. */
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

/** A complete (non-streamed) answer from a provider. */
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

/** One piece of a streamed answer. */
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

/** A stream whose HTTP exchange has succeeded; errors inside `parts` are thrown as {@link RouterError}. */
export interface AdapterStream {
  /** Rate-limit facts from the response headers. */
  rateLimits?: RateLimitObservation;
  /** The provider's own request id, when sent. */
  providerRequestId?: string;
  /** The answer, piece by piece. */
  parts: AsyncIterable<AdapterStreamPart>;
}

/** Input of an embeddings call. */
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

/** Output of an embeddings call. */
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

/** Context for classifying an error. */
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
