import { RouterError } from '@apikeyrouter/core';
import type { SpendReserveRequest, SpendReserveResult, SpendSeries } from '@apikeyrouter/core/store';
import type { CommitApplied, CommitOutcome, SpendCommit } from './spend-commit.js';
import type { SpendLease } from './spend-lease.js';
import type { SpendReplica } from './spend-replica.js';

/**
 * A lease's settlement as one commit: its requests' summed actual under the lease's hold id, on the latest
 * commit's lines and instant, counting `requests` requests in `series`. Handed over when Redis cannot be
 * reached (see {@link LeaseBackend.settleFailed}).
 *
 * @example
 * const settlement: LeaseSettlement = {
 *   reservationId: 'L:3f2a:1', actual: '0.03', lines: [line], at: now, series: [{ dimension: 'global', id: '*' }], requests: 2,
 * };
 */
export interface LeaseSettlement extends SpendCommit {
  /** Series the lease's hold names; a carrier hold takes them if the lease's hold is gone. */
  series: SpendSeries[];
  /** How many requests the actual covers. @example 2 */
  requests: number;
}

/**
 * What spend leases need of the Redis spend store: its plain per-request calls and its replica.
 *
 * @example
 * const backend: LeaseBackend = { reserve, settle, release, settleFailed: () => false, replica: new SpendReplica() };
 */
export interface LeaseBackend {
  /** One SPEND_RESERVE (stale and failed replies handled as for any request). */
  reserve(request: SpendReserveRequest, checkBudgets: boolean): Promise<SpendReserveResult>;
  /**
   * One SPEND_COMMIT through the settlements, counting `requests` requests in the series; `applied` runs as
   * soon as the replica has applied the reply (in the same synchronous step).
   */
  settle(commit: SpendCommit, requests: number, applied?: CommitApplied): Promise<CommitOutcome>;
  /** One SPEND_RELEASE through the settlements. */
  release(reservationId: string, now: number): Promise<boolean>;
  /**
   * A settle could not reach Redis (`error` is `store_unavailable`): true when the settlement was taken over
   * (queued and written once Redis answers, counted meanwhile by whoever took it), false to retry here.
   */
  settleFailed(settlement: LeaseSettlement, error: unknown): boolean;
  /** The store's replica: budget totals, budgets, and the budget version sent with every checked reserve. */
  replica: Pick<SpendReplica, 'totals' | 'getBudget' | 'budgetVersion'>;
}

/**
 * How long a carrier hold may live, from the latest commit's instant: past any request's life plus the retries
 * below, so it cannot expire between its two calls.
 */
const CARRIER_MS = 900_000;
/** Retries stop before the commit script forgets a commit (DONE_MS, 5 min): a replay must be recognised. */
const RETRY_WINDOW_MS = 240_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

/** A transport delay (not the router clock) that does not keep the process alive. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Settles a retired lease in Redis: ONE commit of the sum of its requests' actual costs, counting them in its
 * series, on the latest commit's lines at its instant — or a release when none committed. A hold that is gone
 * by then (expired while Redis was away, or lost with Redis's data) is carried like a late degraded commit:
 * an uncapped hold under `<id>:late`, committed at once, because the money was spent. An attempt that cannot
 * reach Redis hands the settlement to `backend.settleFailed` (the degrading store's write-back: no time
 * limit, and a replay there is recognised like any queued commit); one it does not take, or any other
 * failure, is tried again in the background with backoff, only while the commit script still recognises a
 * replay (so nothing counts twice). `recorded` runs in the same synchronous step as the replica (or the
 * write-back) takes the lease's spend, so this process never counts it twice nor drops it for a moment.
 * `first` settles with the first attempt (what a closing store waits for), `done` once the lease is settled,
 * handed over or given up (rejects then).
 *
 * @example
 * const { first, done } = settleLease(backend, lease, () => forgetUnsettled(lease));
 * await first;
 */
export function settleLease(
  backend: LeaseBackend,
  lease: SpendLease,
  recorded: () => void,
): { first: Promise<void>; done: Promise<void> } {
  const started = performance.now();
  const first = settleOnce(backend, lease, recorded);
  const done = first.catch(async (error: unknown) => {
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      if (handedOver(backend, lease, error, recorded)) return;
      if (performance.now() - started + delay > RETRY_WINDOW_MS) throw error;
      await pause(delay);
      try {
        await settleOnce(backend, lease, recorded);
        return;
      } catch (again) {
        error = again;
      }
    }
  });
  return { first: first.catch(() => undefined), done };
}

/**
 * Offers the settlement of a lease whose settle could not reach Redis to the backend's write-back; true when
 * it is there now (then no retry here: written once, by the write-back). A lease with nothing committed only
 * has a hold to give back, which expires by itself: nothing to hand over.
 */
function handedOver(backend: LeaseBackend, lease: SpendLease, error: unknown, recorded: () => void): boolean {
  // Its spend reached the replica already (an attempt went that far): nothing is left to write.
  if (lease.recorded) return true;
  const latest = lease.latest;
  if (latest === undefined || !RouterError.isInstance(error) || error.category !== 'store_unavailable')
    return false;
  const settlement = {
    reservationId: lease.id,
    actual: lease.actual.toFixed(),
    lines: latest.lines,
    at: latest.at,
    series: [...lease.series],
    requests: lease.committed,
  };
  if (!backend.settleFailed(settlement, error)) return false;
  // The same synchronous step: the write-back counts the spend from now on, the lease book no more.
  recorded();
  return true;
}

async function settleOnce(backend: LeaseBackend, lease: SpendLease, recorded: () => void): Promise<void> {
  const applied = (outcome: CommitOutcome) => {
    if (outcome.kind !== 'gone') recorded();
  };
  const latest = lease.latest;
  if (latest === undefined) {
    // Nothing committed: only the hold goes (a failure is harmless, it expires).
    await backend.release(lease.id, lease.grantedAt);
    return;
  }
  const commit = {
    reservationId: lease.id,
    actual: lease.actual.toFixed(),
    lines: latest.lines,
    at: latest.at,
  };
  if ((await backend.settle(commit, lease.committed, applied)).kind !== 'gone') return;
  const carrier = `${lease.id}:late`;
  // A past instant: a later one would sweep other requests' holds before their time.
  const at = latest.at;
  await backend.reserve(
    {
      reservationId: carrier,
      amount: commit.actual,
      lines: latest.lines.map(({ budgetId, countFrom, bucketStart }) => ({
        budgetId,
        countFrom,
        bucketStart,
      })),
      series: [...lease.series],
      at,
      expiresAt: at + CARRIER_MS,
    },
    false,
  );
  await backend.settle({ ...commit, reservationId: carrier }, lease.committed, applied);
}
