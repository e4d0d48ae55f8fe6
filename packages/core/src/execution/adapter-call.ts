import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { PickedCandidate } from '../routing/candidate-set.js';

/**
 * The fields every adapter call shares (chat, stream, embeddings): the candidate's model and key, the
 * request's signal and id, the router's clock. The key material is revealed here and nowhere else. The
 * signal is a getter, so an adapter that never reads it (an in-process one) costs no AbortSignal.
 *
 * @example
 * adapter.execute(callFields(core, request, candidate, { intent: request.intent }));
 */
export function callFields<E extends object>(
  core: RouterCore,
  request: PreparedRequest,
  candidate: PickedCandidate,
  extra: E,
): E & { model: string; apiKey: string; signal: AbortSignal; requestId: string; clock: RouterCore['clock'] } {
  const lifetime = request.lifetime;
  return Object.assign(
    {
      model: candidate.model,
      apiKey: candidate.record.secret.reveal(),
      get signal(): AbortSignal {
        return lifetime.signal;
      },
      requestId: request.requestId,
      clock: core.clock,
    },
    extra,
  );
}
