import { KeyLimitEnforcer } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { BucketRing } from '../quota/bucket-ring.js';
import { QuotaAwarenessEngine } from '../quota/quota-awareness-engine.js';
import { seededRandom } from '../quota/quota-sim.test-helpers.js';
import { MemoryQuotaStore } from './memory-quota-store.js';
import { QUOTA_SEND_ALLOWANCE_MS, QUOTA_WINDOWS, usageInstant } from './quota-store.js';
import { SparseWindow } from './sparse-window.js';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = QUOTA_WINDOWS.minute.windowMs;
const ESTIMATE = { inputTokens: 10, outputTokens: 10 };
const USAGE = { inputTokens: 10, outputTokens: 10, totalTokens: 20 };

describe('usageInstant: the router never forgets a request before the provider does', () => {
  it('a request received within the send allowance is counted until at least 60 s after its receipt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_600_000 }), // reservation, anywhere in its bucket
        fc.integer({ min: 0, max: QUOTA_SEND_ALLOWANCE_MS }), // reservation → provider receipt
        fc.integer({ min: 0, max: 30_000 }), // receipt → outcome known
        fc.integer({ min: 0, max: MINUTE - 1 }), // when we look, inside the provider's window
        (reservedAt, sendMs, answerMs, lookMs) => {
          const received = T0 + reservedAt + sendMs;
          const settled = received + answerMs;
          const at = usageInstant(T0 + reservedAt, settled);
          const ring = new BucketRing({ ...QUOTA_WINDOWS.minute, channels: 1 });
          const sparse = new SparseWindow(QUOTA_WINDOWS.minute, 1);
          ring.add(at, settled, [1]);
          sparse.add(at, settled, [1]);
          // The provider still counts it at `received + lookMs`; while in flight (before `settled`) the
          // engine holds it as a reservation instead.
          const look = Math.max(settled, received + lookMs);
          if (look >= received + MINUTE) return;
          expect(ring.sum(look, 0)).toBe(1);
          expect(sparse.sum(look, 0)).toBe(1);
        },
      ),
    );
  });

  it('frees a slow request no later than the former reservation-plus-1-s margin did', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (t, answerMs) => {
          const reservedAt = T0 + t;
          const at = usageInstant(reservedAt, reservedAt + answerMs);
          const ring = new BucketRing({ ...QUOTA_WINDOWS.minute, channels: 1 });
          ring.add(at, reservedAt + answerMs, [1]);
          const formerEnd = (Math.floor(reservedAt / 1_000) + 62) * 1_000;
          expect(ring.resetAt(reservedAt + answerMs, 0) ?? reservedAt + answerMs).toBeLessThanOrEqual(
            formerEnd,
          );
        },
      ),
    );
  });
});

interface Saturation {
  seed: number;
  withStore: boolean;
  /** Largest reservation → provider receipt delay, drawn per request. */
  maxSendMs: number;
  /** Largest receipt → response delay, drawn per request. */
  maxAnswerMs: number;
}

/**
 * More clients than a key can serve, each sending again as soon as its last request is answered, through
 * the engine (optionally backed by a store) to a provider that counts a request in a sliding minute from
 * the instant it *receives* it, after a transport delay that differs per request. Any slot the router frees
 * before the provider does shows up as a provider refusal.
 */
async function saturate(spec: Saturation): Promise<{ refused: number; served: number }> {
  const rpm = 12;
  const clock = new VirtualClock({ start: T0 });
  const store = spec.withStore ? new MemoryQuotaStore() : undefined;
  const engine = new QuotaAwarenessEngine({ clock, ...(store === undefined ? {} : { store }) });
  engine.registerKey('k', { rpm });
  const provider = new KeyLimitEnforcer({ rpm }, () => clock.now());
  const random = seededRandom(spec.seed);
  const events: { at: number; run: () => Promise<void> }[] = [];
  const schedule = (at: number, run: () => Promise<void>) => {
    let index = events.length;
    while (index > 0 && (events[index - 1] as { at: number }).at > at) index--;
    events.splice(index, 0, { at, run });
  };
  const result = { refused: 0, served: 0 };
  const send = async (): Promise<void> => {
    const reserved = await engine.reserve('k', ESTIMATE);
    if (!reserved.ok) {
      const retryAt = engine.nextFitAt('k', ESTIMATE) ?? clock.now() + 1_000;
      schedule(Math.max(retryAt, clock.now() + 1), send);
      return;
    }
    const { reservation } = reserved;
    schedule(clock.now() + Math.floor(random() * (spec.maxSendMs + 1)), async () => {
      const admission = provider.admit(20);
      if (!admission.ok) {
        result.refused++;
        await engine.release(reservation, { reachedProvider: true });
        schedule(clock.now() + 1_000, send);
        return;
      }
      schedule(clock.now() + Math.floor(random() * (spec.maxAnswerMs + 1)), async () => {
        admission.release(20);
        await engine.commit(reservation, USAGE);
        result.served++;
        schedule(clock.now(), send);
      });
    });
  };
  // Clients join at arbitrary instants of the first minute, so slots start anywhere inside their bucket.
  for (let client = 0; client < 3 * rpm; client++) schedule(T0 + Math.floor(random() * MINUTE), send);
  const end = T0 + 4 * MINUTE;
  while (events.length > 0 && (events[0] as { at: number }).at < end) {
    const next = events.shift() as { at: number; run: () => Promise<void> };
    await clock.advanceTo(next.at);
    await next.run();
  }
  return result;
}

describe('usageInstant against a provider counting from receipt, with transport delays', () => {
  it('0 provider refusals under saturation, with or without a store, and every slot reused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          withStore: fc.boolean(),
          maxSendMs: fc.integer({ min: 0, max: QUOTA_SEND_ALLOWANCE_MS }),
          maxAnswerMs: fc.integer({ min: 0, max: 5_000 }),
        }),
        async (spec) => {
          const { refused, served } = await saturate(spec);
          expect(refused).toBe(0);
          // 4 minutes at 12 requests/min: the key is kept busy, not starved by over-counting.
          expect(served).toBeGreaterThanOrEqual(40);
        },
      ),
      { numRuns: 25 },
    );
  });
});
