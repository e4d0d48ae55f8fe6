import type { AdapterResponse } from '../adapter/provider-adapter.js';
import type { Usage } from '../adapter/usage.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import { chatCall } from './adapter-call.js';
import { bookAttempt } from './book-attempt.js';
import { completeFailed, completeServed } from './complete-request.js';
import type { RouteResponse, ServedRequest } from './route-response.js';
import { runAttempts } from './run-attempts.js';

/**
 * Serves a prepared chat request: the attempt loop with `adapter.execute`, then booking and the normalised
 * response. Emits `requestCompleted` either way.
 *
 * @example
 * const response = await routeRequest(core, request);
 */
export async function routeRequest(
  core: RouterCore,
  request: PreparedRequest<RequestIntent>,
): Promise<RouteResponse> {
  try {
    const { value: response, live } = await runAttempts<AdapterResponse>(core, request, (candidate) =>
      candidate.adapter.execute(chatCall(core, request, candidate)),
    );
    const booked = await bookAttempt(core, request, live, {
      ok: true,
      usage: response.usage,
      rateLimits: response.rateLimits,
    });
    return servedResponse(
      completeServed(core, request, live, booked, response.model),
      response,
      booked.usage,
    );
  } catch (thrown) {
    throw completeFailed(core, request, thrown);
  } finally {
    request.lifetime.dispose();
  }
}

/** The chat answer: the served part plus the message and the (already scrubbed) provider body. */
function servedResponse(served: ServedRequest, response: AdapterResponse, usage: Usage): RouteResponse {
  // Every field written out: one literal of a fixed shape is cheaper than a spread plus additions.
  const result: RouteResponse = {
    cost: served.cost,
    keyId: served.keyId,
    providerId: served.providerId,
    model: served.model,
    latencyMs: served.latencyMs,
    attempts: served.attempts,
    explanation: served.explanation,
    requestId: served.requestId,
    content: response.message.content,
    message: response.message,
    finishReason: response.finishReason,
    usage,
    raw: response.raw,
  };
  if (response.providerRequestId !== undefined) result.providerRequestId = response.providerRequestId;
  return result;
}
