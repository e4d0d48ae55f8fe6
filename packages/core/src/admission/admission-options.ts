/**
 * How urgently a request wants capacity when every fitting key is saturated. `interactive` (the default) is
 * served before `batch`, and may displace a waiting `batch` request when the wait queue is full.
 *
 * @example
 * const priority: RequestPriority = 'batch';
 */
export type RequestPriority = 'interactive' | 'batch';

/**
 * Every priority, most urgent first.
 *
 * @example
 * for (const priority of PRIORITIES) console.log(priority); // 'interactive', then 'batch'
 */
export const PRIORITIES: readonly RequestPriority[] = ['interactive', 'batch'];

/**
 * Admission control for requests that must wait for quota (see docs/routing.md, "Admission control"). The
 * queue bound itself is `defaults.maxQueued`.
 *
 * @example
 * new ApiKeyRouter({ admission: { maxWaitMs: { interactive: 2_000, batch: 20_000 }, fairnessTag: 'tenant' } });
 */
export interface AdmissionOptions {
  /**
   * Longest a request may wait for capacity, in ms: one number for both priorities, or per priority. A
   * request predicted to wait longer is refused at once; one still waiting when it runs out is refused then.
   * Both refusals carry `retryAfterMs`. Default: no limit besides the request's deadline.
   */
  maxWaitMs?: number | Partial<Record<RequestPriority, number>>;
  /**
   * The intent tag whose value groups waiting requests for fairness (e.g. `tenant`): groups take turns, so
   * one group's burst cannot starve another. Default: requests with equal tag sets form one group.
   */
  fairnessTag?: string;
}

/** Admission settings with defaults applied. Internal. */
export interface ResolvedAdmission {
  maxQueued: number;
  maxWaitMs: Record<RequestPriority, number>;
  fairnessTag: string | undefined;
}

/**
 * Applies the defaults to {@link AdmissionOptions}.
 *
 * @example
 * resolveAdmission({ maxWaitMs: 2_000 }, 1_000).maxWaitMs.batch; // 2000
 */
export function resolveAdmission(
  options: AdmissionOptions | undefined,
  maxQueued: number,
): ResolvedAdmission {
  const wait = options?.maxWaitMs;
  const unlimited = Number.POSITIVE_INFINITY;
  return {
    maxQueued,
    maxWaitMs:
      typeof wait === 'number'
        ? { interactive: wait, batch: wait }
        : { interactive: wait?.interactive ?? unlimited, batch: wait?.batch ?? unlimited },
    fairnessTag: options?.fairnessTag,
  };
}
