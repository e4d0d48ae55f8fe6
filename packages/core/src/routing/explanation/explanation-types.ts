/** Why a candidate was not eligible. */
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

/** Names of the built-in scorers. */
export type ScorerName = 'cost' | 'latency' | 'reliability' | 'fairness' | 'headroom' | 'quality';

/** One (key, model) pair considered for a request. */
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

/** One attempt made while serving the request. */
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

/** The objective as resolved for a request. */
export interface ObjectiveExplanation {
  /** Preset or primary objective name. */
  name: string;
  /** Weight per scorer, summing to 1. */
  weights: Partial<Record<ScorerName, number>>;
}
