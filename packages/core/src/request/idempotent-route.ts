import { createHash } from 'node:crypto';
import { RouterError } from '../errors/router-error.js';
import { routeRequest } from '../execution/route-request.js';
import type { RouteResponse } from '../execution/route-response.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { RouterCore } from '../router/router-core.js';
import type { IdempotencyCache } from './idempotency-cache.js';
import type { ValidatedInputs } from './prepare-inputs.js';
import { prepareRequest } from './prepared-request.js';

/**
 * A fixed-size digest of what makes two requests "the same": the intent without its key and the objective.
 * Hashed, so a cache entry never holds a copy of a large prompt.
 */
function fingerprintOf(inputs: ValidatedInputs<RequestIntent>): string {
  const { idempotencyKey: _key, ...rest } = inputs.intent;
  const { name, weights, constraints } = inputs.objective;
  return createHash('sha256')
    .update(JSON.stringify([rest, name, weights, constraints ?? null]))
    .digest('base64url');
}

/**
 * Routes a request that carries an `idempotencyKey`: joins the call under way for that key or replays its
 * answer, or starts it. This caller's signal and deadline bound only this caller's wait.
 *
 * @example
 * const res = await routeIdempotent(core, cache, 'order-42', validateChat(core, intent, 'cost', options, false));
 */
export function routeIdempotent(
  core: RouterCore,
  cache: IdempotencyCache,
  key: string,
  inputs: ValidatedInputs<RequestIntent>,
): Promise<RouteResponse> {
  const { intent, options } = inputs;
  if (options.signal?.aborted)
    return Promise.reject(new RouterError('aborted', 'The request was aborted before it started'));
  const deadline = core.clock.now() + (options.deadlineMs ?? intent.deadlineMs ?? core.defaults.deadlineMs);
  const upstreamOptions = options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts };
  return cache.run(key, fingerprintOf(inputs), { signal: options.signal, deadline }, (upstream) => {
    const request = prepareRequest(core, intent, inputs.shape, inputs.objective, upstreamOptions, upstream);
    return {
      result: routeRequest(core, request),
      extendTo: (later) => request.lifetime.extendTo(later),
    };
  });
}
