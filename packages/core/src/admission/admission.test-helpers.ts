import { expect } from 'vitest';
import type { ApiKeyRouter, RouteResponse, RouterError, VirtualClock } from '../index.js';
import { intent } from '../router/router-fixture.test-helpers.js';

/** How one request ended, and when (virtual ms after it was sent). */
export interface Outcome {
  name: string;
  sentAt: number;
  endedAt: number;
  response?: RouteResponse;
  error?: RouterError;
}

/** Sends a request and records its outcome in `log` when it settles; never rejects. */
export function send(
  router: ApiKeyRouter,
  clock: VirtualClock,
  log: Outcome[],
  name: string,
  extra: Record<string, unknown> = {},
): Promise<Outcome> {
  const sentAt = clock.now();
  return router.route(intent('gpt-test', extra), 'cost').then(
    (response) => record(log, { name, sentAt, endedAt: clock.now(), response }),
    (error: RouterError) => record(log, { name, sentAt, endedAt: clock.now(), error }),
  );
}

function record(log: Outcome[], outcome: Outcome): Outcome {
  log.push(outcome);
  return outcome;
}

/** The names of the served requests, in the order they were served. */
export function servedOrder(log: readonly Outcome[]): string[] {
  return log.filter((o) => o.response).map((o) => o.name);
}

/** Asserts a request was refused by admission control for `reason`, with a retry time. */
export function expectRefused(outcome: Outcome | undefined, reason: string): RouterError {
  const error = outcome?.error as (RouterError & { reason?: string }) | undefined;
  expect(error?.name).toBe('AdmissionRefusedError');
  expect(error?.category).toBe('no_eligible_keys');
  expect(error?.reason).toBe(reason);
  expect(error?.retryAfterMs).toBeGreaterThan(0);
  return error as RouterError;
}
