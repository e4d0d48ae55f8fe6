import type { AdapterResponse } from '../adapter/provider-adapter.js';
import type { RouterCore } from '../router/router-core.js';
import { runAttempts } from './attempt-loop.js';
import { completeWithError } from './key-outcome.js';
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
      candidate.adapter.execute({
        model: candidate.model,
        intent: request.intent,
        apiKey: candidate.record.secret.reveal(),
        signal: request.signal,
        requestId: request.requestId,
        clock: core.clock,
      }),
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
    core.emitter.emit('requestCompleted', {
      requestId: request.requestId,
      ok: true,
      model: result.model,
      keyId: result.keyUsed,
      providerId: result.providerId,
      latencyMs,
      attempts: result.attempts,
      cost: cost.amount,
    });
    return result;
  } catch (thrown) {
    throw completeWithError(core, request, thrown);
  } finally {
    request.dispose();
  }
}
