import type { PreparedRequest } from '../request/prepared-request.js';
import { untilEnded } from '../request/request-lifetime.js';
import type { RouterCore } from '../router/router-core.js';
import type { PickedCandidate } from '../routing/candidate-set.js';
import { resolveModelTarget } from '../routing/model-target.js';
import { normaliseAttemptError } from './attempt-error.js';
import {
  assertMayAttempt,
  decideStep,
  failOverStep,
  finalError,
  type LoopState,
  newLoopState,
  waitStep,
} from './attempt-steps.js';
import { bookAttempt, type LiveAttempt } from './book-attempt.js';
import { insertAfter } from './decide-candidates.js';
import { Reservation } from './reservation.js';

/** Runs one provider call on a candidate; throws on failure. */
export type AttemptFn<T> = (candidate: PickedCandidate) => Promise<T>;

/** A won attempt: what the call returned, and the attempt still holding its reservation (to book). */
export interface AttemptWin<T> {
  value: T;
  live: LiveAttempt;
}

/**
 * Reserve: takes the candidate's slot, quota and budget. On a refusal rules the key out where needed (a
 * budget; a downgrade budget also adds its cheaper models to the chain) and returns undefined, so the loop
 * decides again.
 */
async function reserveStep(
  core: RouterCore,
  request: PreparedRequest,
  tier: number,
  best: PickedCandidate,
): Promise<Reservation | undefined> {
  const taken = await Reservation.take(core, best, request);
  if (taken instanceof Reservation) return taken;
  if (taken.reason === 'budget') {
    request.excluded.set(best.record.id, {
      code: 'budget',
      detail: 'budget reservation refused',
      model: best.model,
      ...(taken.decision.reason === 'downgrade' ? {} : { refusal: taken.decision }),
    });
    if (taken.decision.reason === 'downgrade') insertAfter(request.chain, tier, taken.decision.downgradeTo);
  }
  // 'quota': lost a race for the last capacity; 'state': the key was disabled or throttled meanwhile.
  return undefined;
}

/**
 * Tries one model of the chain until an attempt wins (returned) or no candidate is left (undefined):
 * decide → reserve → call → on failure book the attempt and fail over.
 */
async function tryModel<T>(
  core: RouterCore,
  request: PreparedRequest,
  state: LoopState,
  tier: number,
  attemptFn: AttemptFn<T>,
): Promise<AttemptWin<T> | undefined> {
  const model = request.chain[tier] as string;
  const target = resolveModelTarget(model, core.providers, request.intent.providerId);
  if (tier > 0) state.fallbacks.push(model);
  for (;;) {
    assertMayAttempt(request, state);
    const best = decideStep(core, request, state, tier, target);
    if (!best) return undefined;
    const reservation = await reserveStep(core, request, tier, best);
    if (!reservation) continue;
    // A half-open provider takes one probe: a request that lost it to another chooses again.
    if (!core.health.claim(best.providerId, request.requestId, core.clock.now())) {
      await reservation.release(false);
      continue;
    }
    core.admission.admitted(state.ticket);
    core.registry.markServed(best.record, core.clock.now());
    const live: LiveAttempt = {
      candidate: best,
      reservation,
      explanation: state.lastExplanation as LiveAttempt['explanation'],
      callStartedAt: core.clock.now(),
      waitedMs: state.waitedMs,
    };
    try {
      return { value: await untilEnded(attemptFn(best), request.lifetime), live };
    } catch (thrown) {
      const aborted = request.lifetime.ended;
      const error = aborted
        ? request.lifetime.endedError()
        : normaliseAttemptError(core, best.record, thrown);
      await bookAttempt(core, request, live, { ok: false, error, aborted });
      failOverStep(core, request, state, best, error, aborted);
    }
  }
}

/**
 * The attempt loop. Each round walks the model chain (the model, then fallbacks, plus any downgrade
 * models) trying keys; when nothing was eligible but something frees up it waits for its turn in the
 * admission queue and starts a new round; otherwise it fails with the last error, a budget refusal or NoEligibleKeysError.
 * The caller books the winning attempt.
 */
export async function runAttempts<T>(
  core: RouterCore,
  request: PreparedRequest,
  attemptFn: AttemptFn<T>,
): Promise<AttemptWin<T>> {
  const state = newLoopState();
  try {
    for (;;) {
      state.earliest = undefined;
      state.roundSets = [];
      state.fallbacks = [];
      for (let tier = 0; tier < request.chain.length; tier++) {
        const win = await tryModel(core, request, state, tier, attemptFn);
        if (win) return win;
      }
      if (!(await waitStep(core, request, state))) throw finalError(core, request, state);
    }
  } finally {
    core.admission.leave(state.ticket);
  }
}
