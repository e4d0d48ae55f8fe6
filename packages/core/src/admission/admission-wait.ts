import { budgetExceededError } from '../budget/index.js';
import { withExplanation } from '../execution/decision-explanation.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { CandidateSet } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { AdmissionTicket } from './admission-ticket.js';
import { budgetRefusalBeforeWait } from './budget-precheck.js';

/** The parts of the attempt loop's state a wait reads and writes. */
export interface WaitingState {
  roundSets: CandidateSet[];
  ticket: AdmissionTicket | undefined;
}

/**
 * The attempt loop's one hook into admission control: refuses up front what a hard budget will refuse
 * anyway; returns false when no key frees up before the deadline (the caller fails with its last error and
 * the time until then); otherwise waits in the admission queue until this request's turn and returns true,
 * or throws its refusal.
 *
 * @example
 * if (!(await admissionWait(core, request, state, earliest, () => explanation))) throw finalError();
 */
export async function admissionWait(
  core: RouterCore,
  request: PreparedRequest,
  state: WaitingState,
  earliest: number,
  explain: () => RoutingExplanation,
): Promise<boolean> {
  const refusal = budgetRefusalBeforeWait(core, request, state.roundSets);
  if (refusal) throw withExplanation(budgetExceededError(refusal), explain());
  if (earliest > request.lifetime.deadline) return false;
  state.ticket ??= core.admission.ticket(request.intent.priority, request.intent.tags);
  await core.admission.wait(state.ticket, {
    earliest,
    deadline: request.lifetime.deadline,
    signal: request.lifetime.signal,
    explain,
    ended: () => withExplanation(request.lifetime.endedError(), explain()),
  });
  return true;
}
