import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { QuotaReservation, QuotaState } from './quota-types.js';

const usage = { inputTokens: 10, outputTokens: 10, totalTokens: 20 };
const estimate = { inputTokens: 10, outputTokens: 10 };
const dim = (state: QuotaState, name: string) => state.dimensions.find((d) => d.name === name);

async function take(engine: QuotaAwarenessEngine, keyId = 'k'): Promise<QuotaReservation> {
  const result = await engine.reserve(keyId, estimate);
  if (!result.ok) throw new Error(result.check.detail);
  return result.reservation;
}

describe('QuotaAwarenessEngine: cautious start', () => {
  it('caps a key with unknown limits at cautiousConcurrency and doubles the cap every N successes (slow start)', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock, cautiousSuccesses: 3 });
    engine.registerKey('k');
    const burst = await Promise.all(Array.from({ length: 50 }, () => engine.reserve('k', estimate)));
    expect(burst.filter((r) => r.ok)).toHaveLength(2);
    const refused = burst.find((r) => !r.ok);
    expect(refused).toMatchObject({
      ok: false,
      check: { dimension: 'concurrency', retryAt: clock.now() + 1_000 },
    });
    expect(refused?.ok === false && refused.check.detail).toMatch(/limits unknown/);
    const state = await engine.getQuotaState('k');
    expect(state.cautious).toBe(true);
    expect(dim(state, 'concurrency')).toMatchObject({
      limit: 2,
      reserved: 2,
      source: 'learned',
      confidence: 0,
    });
    const [r1, r2] = burst.flatMap((r) => (r.ok ? [r.reservation] : []));
    await clock.advance(400);
    await engine.commit(r1 as QuotaReservation, usage);
    const r3 = await take(engine);
    expect(engine.check('k', estimate).fits).toBe(false); // still cautious after 1 success
    await engine.commit(r2 as QuotaReservation, usage);
    await engine.commit(r3, usage);
    // Three successes without any limit reported: the cap doubles to 4 (one is still in flight).
    const after = await Promise.all(Array.from({ length: 200 }, () => engine.reserve('k', estimate)));
    expect(after.filter((r) => r.ok)).toHaveLength(4);
    expect(dim(await engine.getQuotaState('k'), 'concurrency')).toMatchObject({ limit: 4 });
    // After enough successes (2 · 2^10 ≥ the 1,024 ceiling) the key counts as unlimited.
    for (const r of after) if (r.ok) await engine.commit(r.reservation, usage);
    for (let i = 0; i < 40; i++) await engine.commit(await take(engine), usage);
    expect((await engine.getQuotaState('k')).cautious).toBe(false);
    const unlimited = await Promise.all(Array.from({ length: 300 }, () => engine.reserve('k', estimate)));
    expect(unlimited.every((r) => r.ok)).toBe(true);
  });

  it('the first response that reports limits ends the cautious start at once', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k');
    const first = await take(engine);
    await engine.commit(first, usage, {
      dimensions: [
        { dimension: 'requests_per_minute', limit: 100, remaining: 99, resetAt: clock.now() + 600 },
      ],
    });
    const burst = await Promise.all(Array.from({ length: 120 }, () => engine.reserve('k', estimate)));
    expect(burst.filter((r) => r.ok)).toHaveLength(99);
  });

  it('declared limits mean no cautious start', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 30 });
    const burst = await Promise.all(Array.from({ length: 40 }, () => engine.reserve('k', estimate)));
    expect(burst.filter((r) => r.ok)).toHaveLength(30);
  });
});

describe('QuotaAwarenessEngine: learning from observations', () => {
  it('aligns with the provider count: usage only the provider saw counts until its reset', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 10 });
    const a = await take(engine);
    await clock.advance(1_000);
    const b = await take(engine); // sent after a: the provider has not counted it when it answers a
    const resetAt = clock.now() + 30_000;
    // The provider counts a plus 5 requests of another client of the same key.
    await engine.commit(a, usage, {
      dimensions: [{ dimension: 'requests_per_minute', limit: 10, remaining: 4, resetAt }],
    });
    let rpm = dim(await engine.getQuotaState('k'), 'requests_per_minute');
    expect(rpm).toMatchObject({ used: 6, reserved: 1, remaining: 3, resetAt: clock.now() - 1_000 + 62_000 });
    await take(engine);
    await take(engine);
    await take(engine);
    const refused = engine.check('k', estimate);
    expect(refused).toMatchObject({ fits: false, dimension: 'requests_per_minute', retryAt: resetAt });
    await clock.advanceTo(resetAt);
    expect(engine.check('k', estimate).fits).toBe(true);
    rpm = dim(await engine.getQuotaState('k'), 'requests_per_minute');
    expect(rpm).toMatchObject({ used: 1, reserved: 4 });
    await engine.release(b);
  });

  it('reservations created before the answered one are assumed counted by the provider', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 10 });
    const a = await take(engine);
    await take(engine); // same instant: the provider has seen both
    await engine.commit(a, usage, {
      dimensions: [
        { dimension: 'requests_per_minute', limit: 10, remaining: 4, resetAt: clock.now() + 30_000 },
      ],
    });
    // Provider: 6 used = a + b + 4 foreign. We: a used, b reserved, 4 foreign → 4 left, not 3.
    expect(dim(await engine.getQuotaState('k'), 'requests_per_minute')).toMatchObject({
      used: 5,
      reserved: 1,
      remaining: 4,
    });
  });

  it('a lower provider count never lowers ours (it may not have counted our latest requests yet)', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { tpm: 1_000 });
    const a = await take(engine);
    await engine.commit(
      a,
      { inputTokens: 300, outputTokens: 200, totalTokens: 500 },
      {
        dimensions: [{ dimension: 'tokens_per_minute', limit: 1_000, remaining: 1_000 }],
      },
    );
    expect(dim(await engine.getQuotaState('k'), 'tokens_per_minute')).toMatchObject({ used: 500 });
  });

  it('retry-after blocks the key until then: exhausted, then recovering, then abundant', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 10 });
    for (let i = 0; i < 7; i++) await engine.commit(await take(engine), usage);
    engine.observe('k', {
      dimensions: [{ dimension: 'tokens_per_minute', remaining: 0 }],
      retryAfterMs: 20_000,
    });
    const blocked = engine.check('k', estimate);
    expect(blocked).toMatchObject({
      fits: false,
      dimension: 'tokens_per_minute',
      retryAt: clock.now() + 20_000,
    });
    expect(engine.nextFitAt('k', estimate)).toBe(clock.now() + 20_000);
    let state = await engine.getQuotaState('k');
    expect(state).toMatchObject({ capacityState: 'exhausted', blockedUntil: clock.now() + 20_000 });
    expect(state.predictedExhaustionAt).toBe(clock.now());
    await clock.advance(20_000);
    state = await engine.getQuotaState('k');
    expect(state.capacityState).toBe('recovering'); // 3 of 10 left, 20 s after the block ended
    await clock.advance(45_000);
    state = await engine.getQuotaState('k');
    expect(state).toMatchObject({ capacityState: 'abundant', remainingCapacity: 1 });
  });

  it('exhaustedUntil blocks a per-day quota until the reset it names', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k');
    const until = clock.now() + 5 * 3_600_000;
    engine.observe('k', { dimensions: [], exhaustedUntil: until, retryAfterMs: 58_000 });
    expect(engine.check('k', estimate)).toMatchObject({
      fits: false,
      dimension: 'requests_per_day',
      retryAt: until,
    });
    await clock.advanceTo(until);
    expect(engine.check('k', estimate).fits).toBe(true);
  });

  it('remaining 0 for a limit we do not know blocks that dimension until its reset', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k');
    const resetAt = clock.now() + 12_000;
    engine.observe('k', { dimensions: [{ dimension: 'output_tokens_per_minute', remaining: 0, resetAt }] });
    expect(engine.check('k', estimate)).toMatchObject({
      dimension: 'output_tokens_per_minute',
      retryAt: resetAt,
    });
  });
});
