import type { AdapterResponse } from '../adapter/provider-adapter.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import { callFields } from './adapter-call.js';
import { bookAttempt } from './book-attempt.js';
import { completeFailed, completeServed } from './complete-request.js';
import type { RouteResponse } from './route-response.js';
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
      candidate.adapter.execute({ ...callFields(core, request, candidate), intent: request.intent }),
    );
    const booked = await bookAttempt(core, request, live, {
      ok: true,
      usage: response.usage,
      rateLimits: response.rateLimits,
    });
    // `raw` is forwarded unread: the guard scrubs it on first access, which most callers never make.
    const result: RouteResponse = {
      ...completeServed(core, request, live, booked, response.model),
      content: response.message.content,
      message: response.message,
      finishReason: response.finishReason,
      usage: booked.usage,
      get raw() {
        return response.raw;
      },
      set raw(value: unknown) {
        response.raw = value;
      },
    };
    if (response.providerRequestId !== undefined) result.providerRequestId = response.providerRequestId;
    return result;
  } catch (thrown) {
    throw completeFailed(core, request, thrown);
  } finally {
    request.lifetime.dispose();
  }
}
