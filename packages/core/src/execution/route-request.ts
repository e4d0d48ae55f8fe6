import type { AdapterResponse } from '../adapter/provider-adapter.js';
import type { RouterCore } from '../router/router-core.js';
import { runAttempts } from './attempt-loop.js';
import { callFields, completeWithError, completeWithSuccess } from './key-outcome.js';
import type { PreparedRequest } from './prepared-request.js';
import type { RouteResponse } from './route-response.js';
import { settleSuccess } from './settle-success.js';

/**
 * Serves a prepared non-streamed request: the attempt loop, then booking and the normalised response.
 * Emits `requestCompleted` either way.
 */
export async function routeRequest(core: RouterCore, request: PreparedRequest): Promise<RouteResponse> {
  try {
    const win = await runAttempts<AdapterResponse>(core, request, (candidate) =>
      candidate.adapter.execute({ ...callFields(core, request, candidate), intent: request.intent }),
    );
    const response = win.value;
    const { cost, latencyMs, usage } = await settleSuccess(
      core,
      request,
      win,
      response.usage,
      response.rateLimits,
    );
    const result: RouteResponse = {
      content: response.message.content,
      message: response.message,
      finishReason: response.finishReason,
      usage,
      cost,
      keyUsed: win.candidate.keyId,
      providerId: win.candidate.providerId,
      model: response.model || win.candidate.model,
      latencyMs,
      attempts: request.attempts.length,
      explanation: win.explanation,
      requestId: request.requestId,
      raw: response.raw,
    };
    if (response.providerRequestId !== undefined) result.providerRequestId = response.providerRequestId;
    completeWithSuccess(core, request, win.candidate, result.model, latencyMs, cost.amount);
    return result;
  } catch (thrown) {
    throw completeWithError(core, request, thrown);
  } finally {
    request.dispose();
  }
}
