import type { EmbedIntent } from '../embedding/embed-intent.js';
import type { EmbedResponse } from '../embedding/embed-response.js';
import { embedRequest } from '../execution/embed-request.js';
import { routeRequest } from '../execution/route-request.js';
import type { RouteResponse, RouteStreamChunk } from '../execution/route-response.js';
import { streamRequest } from '../execution/stream-request.js';
import { dryRunExplanation } from '../explain/dry-run.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { RouterCore } from '../router/router-core.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { ObjectiveInput } from '../routing/objective.js';
import type { IdempotencyCache } from './idempotency-cache.js';
import { routeIdempotent } from './idempotent-route.js';
import { isEmbedShaped, validateChat, validateEmbed } from './prepare-inputs.js';
import { prepareRequest } from './prepared-request.js';
import type { RouteOptions } from './route-options.js';

// What each public request method of ApiKeyRouter does, from untrusted arguments to the execution path: the
// class keeps only its documented signatures.

/**
 * `router.route()`: validates, then routes once or through the idempotency cache when the intent has a key.
 *
 * @example
 * const res = await routeChat(core, idempotency, intent, 'cost', { deadlineMs: 10_000 });
 */
export async function routeChat(
  core: RouterCore,
  idempotency: IdempotencyCache,
  intent: RequestIntent,
  objective: ObjectiveInput | undefined,
  options: RouteOptions | undefined,
): Promise<RouteResponse> {
  const inputs = validateChat(core, intent, objective, options, false);
  const key = inputs.intent.idempotencyKey;
  if (key !== undefined) return routeIdempotent(core, idempotency, key, inputs);
  return routeRequest(
    core,
    prepareRequest(core, inputs.intent, inputs.shape, inputs.objective, inputs.options),
  );
}

/**
 * `router.routeStream()`: validates (a failure surfaces on iteration), then streams.
 *
 * @example
 * for await (const chunk of streamChat(core, intent, 'latency', undefined)) console.log(chunk.type);
 */
export async function* streamChat(
  core: RouterCore,
  intent: RequestIntent,
  objective: ObjectiveInput | undefined,
  options: RouteOptions | undefined,
): AsyncGenerator<RouteStreamChunk, void, undefined> {
  const inputs = validateChat(core, intent, objective, options, true);
  yield* streamRequest(
    core,
    prepareRequest(core, inputs.intent, inputs.shape, inputs.objective, inputs.options),
    inputs.options.onStreamOpen,
  );
}

/**
 * `router.embed()`: validates, then embeds.
 *
 * @example
 * const { embeddings } = await embedInput(core, { model: 'text-embedding-3-small', input: 'a' }, 'cost', undefined);
 */
export async function embedInput(
  core: RouterCore,
  intent: EmbedIntent,
  objective: ObjectiveInput | undefined,
  options: RouteOptions | undefined,
): Promise<EmbedResponse> {
  const inputs = validateEmbed(core, intent, objective, options);
  return embedRequest(
    core,
    prepareRequest(core, inputs.intent, inputs.shape, inputs.objective, inputs.options),
  );
}

/**
 * `router.explain()`: validates a chat or embeddings intent, then explains without calling or reserving.
 *
 * @example
 * console.log(String(await explainIntent(core, intent, 'cost')));
 */
export async function explainIntent(
  core: RouterCore,
  intent: RequestIntent | EmbedIntent,
  objective: ObjectiveInput | undefined,
): Promise<RoutingExplanation> {
  const inputs = isEmbedShaped(intent)
    ? validateEmbed(core, intent, objective, undefined)
    : validateChat(core, intent, objective, undefined, undefined);
  return dryRunExplanation(core, inputs);
}
