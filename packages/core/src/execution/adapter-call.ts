import type { AdapterCall } from '../adapter/provider-adapter.js';
import type { Clock } from '../clock/clock.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { PickedCandidate } from '../routing/candidate-set.js';

/** The fields every adapter call shares. */
export interface CallFields {
  model: string;
  apiKey: string;
  signal: AbortSignal;
  requestId: string;
  clock: Clock;
}

/**
 * The fields every adapter call shares (chat, stream, embeddings): the candidate's model and key, the
 * request's signal and id, the router's clock. The key material is revealed here and nowhere else.
 *
 * @example
 * adapter.execute({ ...callFields(core, request, candidate), intent: request.intent });
 */
export function callFields(
  core: RouterCore,
  request: PreparedRequest,
  candidate: PickedCandidate,
): CallFields {
  return {
    model: candidate.model,
    apiKey: candidate.record.secret.reveal(),
    signal: request.lifetime.signal,
    requestId: request.requestId,
    clock: core.clock,
  };
}

/**
 * A chat call (execute or stream): {@link callFields} plus the intent. The field is added to the fresh object
 * (one hidden-class transition) rather than spread into a new literal, a slow copy on the hot path.
 *
 * @example
 * adapter.execute(chatCall(core, request, candidate));
 */
export function chatCall(
  core: RouterCore,
  request: PreparedRequest<RequestIntent>,
  candidate: PickedCandidate,
): AdapterCall {
  const call: CallFields & { intent?: RequestIntent } = callFields(core, request, candidate);
  call.intent = request.intent;
  return call as AdapterCall;
}
