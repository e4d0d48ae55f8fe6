import type { Decimal } from 'decimal.js';
import type { FinishReason } from '../adapter/provider-adapter.js';
import type { Usage } from '../adapter/usage.js';
import type { AssistantMessage } from '../intent/message-schema.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

/**
 * The exact cost of a request.
 *
 * @example
 * ```ts
 * const { cost }: { cost: RequestCost } = await router.route(intent, 'cost');
 * if (cost.known) console.log(`${cost.amount.toFixed(6)} ${cost.currency}`);
 * ```
 */
export interface RequestCost {
  /** Amount in `currency`; zero when the price is unknown (see `known`). */
  amount: Decimal;
  /** Always USD for the built-in catalog. */
  currency: 'USD';
  /** False when no price was known for the model: `amount` is then 0, not the truth. */
  known: boolean;
}

/**
 * Who served a request and at what price: the part every router result shares (chat, stream, embeddings).
 *
 * @example
 * ```ts
 * // Shared by route(), the `finish` chunk of routeStream() and embed().
 * function record(served: ServedRequest): void {
 *   console.log(served.requestId, served.providerId, served.keyId, served.model, served.attempts, served.latencyMs);
 * }
 * record(await router.embed({ model: 'text-embedding-3-small', input: 'hello' }));
 * ```
 */
export interface ServedRequest {
  /** What it cost (Decimal). */
  cost: RequestCost;
  /** Id of the key that served it (never the material). */
  keyId: string;
  /** Provider that served it. */
  providerId: string;
  /** Model that served it (as the provider reported it). */
  model: string;
  /** Time from the call to the answer, in ms (clock time). */
  latencyMs: number;
  /** Provider calls made (1 when the first key answered). */
  attempts: number;
  /** Why this key. */
  explanation: RoutingExplanation;
  /** Router request id. */
  requestId: string;
}

/**
 * A normalised answer from whichever key served the request.
 *
 * @example
 * const res = await router.route(intent, 'cost');
 * console.log(res.content, res.usage.totalTokens, res.cost.amount.toFixed(6), String(res.explanation));
 */
export interface RouteResponse extends ServedRequest {
  /** Text of the answer. */
  content: string;
  /** The answer as a message (with tool calls, if any), ready to append to the conversation. */
  message: AssistantMessage;
  /** Why generation stopped. */
  finishReason: FinishReason;
  /** Tokens used. */
  usage: Usage;
  /** The provider's own request id, when sent. */
  providerRequestId?: string;
  /** The provider's parsed response body. */
  raw?: unknown;
}

/**
 * One piece of a streamed answer from `routeStream()`. The last one (`finish`) carries the whole response.
 *
 * @example
 * ```ts
 * for await (const chunk of router.routeStream(intent, 'latency')) {
 *   if (chunk.type === 'text-delta') process.stdout.write(chunk.text);
 *   else if (chunk.type === 'finish') console.log('\n', chunk.usage, chunk.cost.amount.toString());
 * }
 * ```
 */
export type RouteStreamChunk =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | ({ type: 'finish' } & RouteResponse);
