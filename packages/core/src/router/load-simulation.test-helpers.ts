import type { ApiKeyRouter, RouteResponse, RouterError, VirtualClock } from '../index.js';
import { intent } from './router-fixture.test-helpers.js';

/** Outcome of a simulated load run. */
export interface LoadResult {
  responses: RouteResponse[];
  errors: RouterError[];
  /** Arrival times of requests that failed, in ms since start. */
  failedAt: number[];
}

/**
 * Sends Poisson-distributed requests (deterministic pseudo-random) at `perMinute` for `durationMs` of virtual
 * time and waits for all of them.
 */
export async function runPoissonLoad(
  router: ApiKeyRouter,
  clock: VirtualClock,
  options: { perMinute: number; durationMs: number; seed?: number; deadlineMs?: number },
): Promise<LoadResult> {
  let seed = options.seed ?? 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const start = clock.now();
  const pending: Array<Promise<void>> = [];
  const result: LoadResult = { responses: [], errors: [], failedAt: [] };
  const meanGapMs = 60_000 / options.perMinute;
  while (clock.now() - start < options.durationMs) {
    const arrival = clock.now() - start;
    pending.push(
      router
        .route(intent(), 'fairness', { deadlineMs: options.deadlineMs ?? 30_000 })
        .then((res) => {
          result.responses.push(res);
        })
        .catch((error: RouterError) => {
          result.errors.push(error);
          result.failedAt.push(arrival);
        }),
    );
    await clock.sleep(-Math.log(1 - random()) * meanGapMs);
  }
  await Promise.all(pending);
  return result;
}
