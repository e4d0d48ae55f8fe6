import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdmissionRefusedError, NoEligibleKeysError } from '../index.js';
import { createFixture } from '../router/router-fixture.test-helpers.js';
import { expectRefused, type Outcome, send } from './admission.test-helpers.js';

// One key allowing one request per minute: after the first request, the next room is 60 s away.
const oneRpm = { 'sk-adm-0000001': { rpm: 1, label: 'one-rpm', options: { limits: { rpm: 1 } } } };

describe('admission control: deadlines and the queue bound', () => {
  it('refuses at once, with retryAfterMs, a request whose wait for room outlasts its deadline', async () => {
    const { router, clock, adapters } = await createFixture({ openai: { keys: oneRpm } });
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    const refused = await send(router, clock, log, 'late', { deadlineMs: 5_000 });
    expect(refused.endedAt).toBe(refused.sentAt);
    expect(NoEligibleKeysError.isInstance(refused.error)).toBe(true);
    expect(refused.error?.retryAfterMs).toBeGreaterThan(5_000);
    expect(refused.error?.retryAfterMs).toBeLessThanOrEqual(65_000); // 60 s window, counted in 2 s buckets
    expect(Object.values(adapters.openai?.stats() ?? {})[0]?.requests).toBe(1);
  });

  it('refuses at once a request whose wait behind the queue outlasts its deadline, and serves the rest', async () => {
    // rpm 6: after the first six, room comes back one request at a time; the recent admission rate tells
    // the router how long the waiters ahead will take.
    const keys = { 'sk-adm-0000002': { rpm: 6, options: { limits: { rpm: 6 } } } };
    const { router, clock, adapters } = await createFixture({ openai: { keys } });
    const log: Outcome[] = [];
    for (let i = 0; i < 6; i++) {
      await send(router, clock, log, `warm-${i}`);
      await clock.advance(2_000);
    }
    await clock.advance(46_000);
    const pending = Array.from({ length: 12 }, (_, i) =>
      send(router, clock, log, `w${i}`, { deadlineMs: 20_000 }),
    );
    await Promise.all(pending);
    const refusedAtOnce = log.filter((o) => o.error && o.endedAt === o.sentAt);
    expect(refusedAtOnce.length).toBeGreaterThan(0);
    for (const outcome of refusedAtOnce) {
      const error = expectRefused(outcome, 'deadline');
      expect(error.retryAfterMs).toBeGreaterThan(20_000);
    }
    for (const outcome of log.filter((o) => o.response))
      expect(outcome.endedAt - outcome.sentAt).toBeLessThanOrEqual(20_000);
    const served = log.filter((o) => o.response).length;
    expect(served).toBeGreaterThan(6);
    expect(Object.values(adapters.openai?.stats() ?? {})[0]?.rateLimited ?? 0).toBe(0);
  });

  it('refuses beyond maxQueued with queue_full at once; every request settles with a response or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 10 }), async (bound, n) => {
        const { router, clock } = await createFixture(
          { openai: { keys: oneRpm } },
          { defaults: { maxQueued: bound, deadlineMs: 600_000 } },
        );
        const log: Outcome[] = [];
        await send(router, clock, log, 'first');
        const outcomes = await Promise.all(
          Array.from({ length: n }, (_, i) => send(router, clock, log, `r${i}`)),
        );
        const full = outcomes.filter(
          (o) => (o.error as { reason?: string } | undefined)?.reason === 'queue_full',
        );
        expect(full).toHaveLength(Math.max(0, n - bound));
        for (const outcome of full) expect(outcome.endedAt).toBe(outcome.sentAt);
        for (const outcome of outcomes)
          expect(outcome.response !== undefined || outcome.error !== undefined).toBe(true);
        expect(outcomes.filter((o) => o.response)).toHaveLength(Math.min(n, bound));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a request predicted to wait past its wait limit at once', async () => {
    const { router, clock } = await createFixture(
      { openai: { keys: oneRpm } },
      { admission: { maxWaitMs: { interactive: 1_000 } } },
    );
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    const refused = await send(router, clock, log, 'second');
    const error = expectRefused(refused, 'wait_limit');
    expect(refused.endedAt).toBe(refused.sentAt);
    expect(error.retryAfterMs).toBeGreaterThan(1_000);
    expect(AdmissionRefusedError.isAdmission(error)).toBe(true);
    expect(JSON.parse(JSON.stringify(error)).reason).toBe('wait_limit');
    // The refusal explains the decision but never carries key material.
    expect(error.explanation?.candidates[0]?.exclusion?.code).toBe('quota');
    expect(JSON.stringify(error)).not.toContain('sk-adm-0000001');
    expect(error.message).not.toContain('sk-adm-0000001');
  });

  it('never serves a request after it waited longer than its deadline allows (any deadline)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 200_000 }),
        fc.integer({ min: 1, max: 5 }),
        async (deadlineMs, n) => {
          const { router, clock } = await createFixture({ openai: { keys: oneRpm } });
          const log: Outcome[] = [];
          await send(router, clock, log, 'first');
          await Promise.all(
            Array.from({ length: n }, (_, i) => send(router, clock, log, `r${i}`, { deadlineMs })),
          );
          for (const outcome of log.slice(1)) {
            expect(outcome.endedAt - outcome.sentAt).toBeLessThanOrEqual(deadlineMs);
            if (outcome.error) expect(['no_eligible_keys', 'timeout']).toContain(outcome.error.category);
            if (outcome.error?.category === 'no_eligible_keys')
              expect(outcome.error.retryAfterMs).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
