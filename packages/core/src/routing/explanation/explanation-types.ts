/**
 * Why a candidate was not eligible.
 *
 * @example
 * ```ts
 * const explanation = await router.explain(intent);
 * const byCode = new Map<ExclusionCode, number>();
 * for (const c of explanation.candidates) {
 *   if (c.exclusion) byCode.set(c.exclusion.code, (byCode.get(c.exclusion.code) ?? 0) + 1);
 * }
 * ```
 */
export type ExclusionCode =
  | 'state'
  | 'capability'
  | 'model'
  | 'quota'
  | 'budget'
  | 'constraint'
  | 'too_large'
  | 'attempted'
  /** The key's provider is down (its circuit is open, or half-open with the probe in flight). */
  | 'provider'
  /**
   * Not screened: one of many interchangeable keys, picked more recently than the few of its group that
   * were screened (see "Decisions at scale" in docs/routing.md).
   */
  | 'rotation';

/**
 * Names of the built-in scorers.
 *
 * @example
 * ```ts
 * const weights: Partial<Record<ScorerName, number>> = { cost: 0.5, quality: 0.3, headroom: 0.2 };
 * await router.route(intent, { primary: 'cost', weights });
 * ```
 */
export type ScorerName = 'cost' | 'latency' | 'reliability' | 'fairness' | 'headroom' | 'quality';

/**
 * One (key, model) pair considered for a request.
 *
 * @example
 * ```ts
 * const explanation = await router.explain(intent, 'cost');
 * const excluded: CandidateExplanation[] = explanation.candidates.filter((c) => !c.eligible);
 * for (const c of excluded) console.log(c.label, c.model, c.exclusion?.code, c.exclusion?.detail);
 * ```
 */
export interface CandidateExplanation {
  /** Key id (never material). */
  keyId: string;
  /** Key label. */
  label: string;
  /** Provider of the key. */
  providerId: string;
  /** Model this candidate would call. */
  model: string;
  /** True when the candidate passed every filter. */
  eligible: boolean;
  /** Why it was excluded, when it was. */
  exclusion?: {
    /** Machine-readable reason. */
    code: ExclusionCode;
    /** Human-readable detail (e.g. `state throttled until 12:00:05Z`). */
    detail: string;
    /** Epoch ms when this reason stops applying, when known. */
    retryAt?: number;
  };
  /** Normalised score per scorer, 0 (worst) … 1 (best), for eligible candidates. */
  scores?: Partial<Record<ScorerName, number>>;
  /** Weighted total of the scores. */
  total?: number;
}

/**
 * One attempt made while serving the request.
 *
 * @example
 * ```ts
 * const res = await router.route(intent);
 * for (const a of res.explanation.attempts) {
 *   console.log(`#${a.attempt} ${a.providerId}/${a.model} ${a.outcome} in ${a.latencyMs} ms (waited ${a.waitedMs} ms)`);
 * }
 * ```
 */
export interface AttemptExplanation {
  /** 1-based attempt number. */
  attempt: number;
  /** Key id used. */
  keyId: string;
  /** Provider used. */
  providerId: string;
  /** Model called. */
  model: string;
  /** What happened. */
  outcome: 'success' | 'error';
  /** Error category, for failures. */
  category?: string;
  /** Error message, for failures (redacted). */
  message?: string;
  /** Time spent on the call, in ms. */
  latencyMs: number;
  /** Time waited before the call (back-off or queueing), in ms. */
  waitedMs: number;
}

/**
 * The objective as resolved for a request.
 *
 * @example
 * ```ts
 * const { objective }: { objective: ObjectiveExplanation } = await router.explain(intent, 'cost');
 * objective.name; // 'cost'
 * objective.weights; // { cost: 0.7, reliability: 0.15, headroom: 0.15 }
 * ```
 */
export interface ObjectiveExplanation {
  /** Preset or primary objective name. */
  name: string;
  /** Weight per scorer, summing to 1. */
  weights: Partial<Record<ScorerName, number>>;
}
