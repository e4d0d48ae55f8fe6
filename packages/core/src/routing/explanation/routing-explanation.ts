import type { AffinityExplanation } from '../../affinity/affinity-types.js';
import type { StoreAvailability } from '../../store/store-availability.js';
import type { AttemptExplanation, CandidateExplanation, ObjectiveExplanation } from './explanation-types.js';

/**
 * The plain-data form of a {@link RoutingExplanation}.
 *
 * @example
 * ```ts
 * const res = await router.route(intent);
 * const data: RoutingExplanationData = res.explanation.toJSON();
 * auditLog.write(JSON.stringify({ requestId: data.requestId, chosen: data.chosenKeyId, margin: data.margin }));
 * ```
 */
export interface RoutingExplanationData {
  /** Router request id. */
  requestId: string;
  /** Model requested (before fallbacks). */
  model: string;
  /** True for `router.explain()` dry runs. */
  dryRun: boolean;
  /** Objective and weights. */
  objective: ObjectiveExplanation;
  /** Every candidate considered, eligible first in ranking order. */
  candidates: CandidateExplanation[];
  /** The chosen candidate's key id, if any. */
  chosenKeyId?: string;
  /** Second-best eligible key id, if any. */
  runnerUpKeyId?: string;
  /** Total score of the chosen minus the runner-up's. */
  margin?: number;
  /** Models tried after the primary one, in order. */
  fallbackModels: string[];
  /** Attempts made, in order. */
  attempts: AttemptExplanation[];
  /**
   * Shared stores that were not answering from their shared backing when the decision was made: limits or
   * budgets decided from this process's share (`local`), or failing (`unavailable`). Absent when all answer.
   */
  degradedStores?: StoreAvailability[];
  /** What prompt-cache affinity did, for requests with affinity. */
  affinity?: AffinityExplanation;
  /**
   * Wall time of the decision itself, in µs: filtering and scoring the candidates of the round this
   * explanation describes (summed over the models tried in that round when fallbacks were considered),
   * measured with `performance.now()`. Excludes parsing, reservation, the provider call and reading the
   * explanation. What the routing speed goals in docs/performance.md are judged on.
   */
  decisionMicros?: number;
}

function formatScore(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(3);
}

/**
 * Why a request went where it went: the objective, every candidate with its exclusion reason or scores, the
 * chosen key, the runner-up and the margin, and every attempt. Plain data plus `toString()` for logs.
 *
 * @example
 * const res = await router.route(intent, 'cost');
 * console.log(String(res.explanation));
 * // cost → openai_3f9a1c0b7d2e (gpt-4o-mini) score 0.912, runner-up openai_77aa… by 0.104; 3 candidates, 1 excluded (state: 1); 1 attempt
 */
export class RoutingExplanation implements RoutingExplanationData {
  requestId: string;
  model: string;
  dryRun: boolean;
  objective: ObjectiveExplanation;
  #candidates: CandidateExplanation[] | (() => CandidateExplanation[]);
  chosenKeyId?: string;
  runnerUpKeyId?: string;
  margin?: number;
  fallbackModels: string[];
  attempts: AttemptExplanation[];
  degradedStores?: StoreAvailability[];
  affinity?: AffinityExplanation;
  decisionMicros?: number;

  /**
   * @param data The explanation; `candidates` may be a function so the per-candidate objects are only built
   * when somebody reads them (routing 10,000 keys must not pay for an explanation nobody looks at).
   */
  constructor(
    data: Omit<RoutingExplanationData, 'candidates'> & {
      candidates: CandidateExplanation[] | (() => CandidateExplanation[]);
    },
  ) {
    this.requestId = data.requestId;
    this.model = data.model;
    this.dryRun = data.dryRun;
    this.objective = data.objective;
    this.#candidates = data.candidates;
    if (data.chosenKeyId !== undefined) this.chosenKeyId = data.chosenKeyId;
    if (data.runnerUpKeyId !== undefined) this.runnerUpKeyId = data.runnerUpKeyId;
    if (data.margin !== undefined) this.margin = data.margin;
    this.fallbackModels = data.fallbackModels;
    this.attempts = data.attempts;
    if (data.degradedStores !== undefined && data.degradedStores.length > 0)
      this.degradedStores = data.degradedStores;
    if (data.affinity !== undefined) this.affinity = data.affinity;
    if (data.decisionMicros !== undefined) this.decisionMicros = data.decisionMicros;
  }

  /** Every candidate considered, with its exclusion or its scores. */
  get candidates(): CandidateExplanation[] {
    if (typeof this.#candidates === 'function') this.#candidates = this.#candidates();
    return this.#candidates;
  }

  /** The chosen candidate, if any. */
  get chosen(): CandidateExplanation | undefined {
    return this.chosenKeyId === undefined
      ? undefined
      : this.candidates.find((c) => c.keyId === this.chosenKeyId && c.eligible);
  }

  /** Candidates excluded, grouped by reason code. */
  exclusionCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const candidate of this.candidates) {
      if (candidate.exclusion) counts[candidate.exclusion.code] = (counts[candidate.exclusion.code] ?? 0) + 1;
    }
    return counts;
  }

  toJSON(): RoutingExplanationData {
    const data: RoutingExplanationData = {
      requestId: this.requestId,
      model: this.model,
      dryRun: this.dryRun,
      objective: this.objective,
      candidates: this.candidates,
      fallbackModels: this.fallbackModels,
      attempts: this.attempts,
    };
    if (this.chosenKeyId !== undefined) data.chosenKeyId = this.chosenKeyId;
    if (this.runnerUpKeyId !== undefined) data.runnerUpKeyId = this.runnerUpKeyId;
    if (this.margin !== undefined) data.margin = this.margin;
    if (this.degradedStores !== undefined) data.degradedStores = this.degradedStores;
    if (this.affinity !== undefined) data.affinity = this.affinity;
    if (this.decisionMicros !== undefined) data.decisionMicros = this.decisionMicros;
    return data;
  }

  /** One line a person can read in a log. */
  toString(): string {
    const chosen = this.chosen;
    const excluded = Object.entries(this.exclusionCounts())
      .map(([code, count]) => `${code}: ${count}`)
      .join(', ');
    const head = chosen
      ? `${this.objective.name} → ${chosen.keyId} (${chosen.providerId}/${chosen.model}) score ${formatScore(chosen.total)}`
      : `${this.objective.name} → no eligible key for ${this.model}`;
    const runnerUp =
      this.runnerUpKeyId !== undefined
        ? `, runner-up ${this.runnerUpKeyId} by ${formatScore(this.margin)}`
        : '';
    const excludedCount = this.candidates.filter((c) => !c.eligible).length;
    const attempts = this.attempts.length;
    const last = this.attempts[attempts - 1];
    const attemptText =
      attempts === 0
        ? ''
        : `; ${attempts} attempt${attempts === 1 ? '' : 's'}${last ? ` (last: ${last.outcome}${last.category ? ` ${last.category}` : ''})` : ''}`;
    const fallback = this.fallbackModels.length > 0 ? `; fallback to ${this.fallbackModels.join(' → ')}` : '';
    const degraded = (this.degradedStores ?? [])
      .map(
        (status) =>
          `; ${status.store} store ${status.mode === 'local' ? 'answering locally' : 'unavailable'}`,
      )
      .join('');
    const affinity = this.affinity ? `; affinity ${this.affinity.outcome}` : '';
    return `${head}${runnerUp}; ${this.candidates.length} candidates, ${excludedCount} excluded${excluded ? ` (${excluded})` : ''}${fallback}${affinity}${attemptText}${degraded}${this.dryRun ? ' [dry run]' : ''}`;
  }
}
