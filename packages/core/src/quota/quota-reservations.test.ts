import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import { seededRandom } from './quota-sim.test-helpers.js';
import type { QuotaReservation, QuotaState, QuotaWarningEvent } from './quota-types.js';

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});
const dim = (state: QuotaState, name: string) => state.dimensions.find((d) => d.name === name);

describe('QuotaAwarenessEngine: reservations', () => {
  it('200 concurrent reserve() calls never exceed any limit', async () => {
    const clock = new VirtualClock();
    const warnings: QuotaWarningEvent[] = [];
    const engine = new QuotaAwarenessEngine({ clock, onWarning: (event) => warnings.push(event) });
    engine.registerKey('k', { rpm: 150, tpm: 60_000, concurrency: 120 });
    const random = seededRandom(3);
    const estimates = Array.from({ length: 200 }, () => ({
      inputTokens: 100 + Math.floor(random() * 400),
      outputTokens: 100 + Math.floor(random() * 700),
    }));
    const results = await Promise.all(estimates.map((estimate) => engine.reserve('k', estimate)));
    const granted = results.flatMap((result) => (result.ok ? [result.reservation] : []));
    const tokens = granted.reduce((sum, r) => sum + r.estimate.inputTokens + r.estimate.outputTokens, 0);
    expect(tokens).toBeLessThanOrEqual(60_000);
    expect(granted.length).toBeLessThanOrEqual(120);
    expect(granted.length).toBeGreaterThan(50); // it did fill up, not refuse everything
    expect(new Set(granted.map((r) => r.id)).size).toBe(granted.length);
    expect(engine.inFlight('k')).toBe(granted.length);
    // Refusals say which limit and when to come back.
    const refused = results.find((result) => !result.ok);
    expect(refused).toMatchObject({ ok: false, check: { fits: false, dimension: 'tokens_per_minute' } });
    // One warning for the transition, not one per refused request.
    expect(warnings.map((w) => [w.previous, w.capacityState, w.dimension])).toEqual([
      ['constrained', 'critical', 'tokens_per_minute'],
    ]);

    // Half settle with less than they reserved; the freed room is usable, still never beyond the limit.
    for (const reservation of granted.slice(0, granted.length / 2)) {
      await engine.commit(reservation, usage(reservation.estimate.inputTokens, 10));
    }
    expect((await engine.getQuotaState('k')).capacityState).not.toBe('critical');
    const second = await Promise.all(estimates.map((estimate) => engine.reserve('k', estimate)));
    const state = await engine.getQuotaState('k');
    const tpm = dim(state, 'tokens_per_minute');
    expect(second.some((result) => result.ok)).toBe(true);
    expect((tpm?.used ?? 0) + (tpm?.reserved ?? 0)).toBeLessThanOrEqual(60_000);
    expect(state.inFlight).toBeLessThanOrEqual(120);
    const rpm = dim(state, 'requests_per_minute');
    expect((rpm?.used ?? 0) + (rpm?.reserved ?? 0)).toBeLessThanOrEqual(150);
    expect(warnings.map((w) => w.capacityState)).toEqual(['critical', 'critical']);
  });

  it('commit replaces the estimate by the actual usage', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 10, tpm: 10_000, inputTpm: 5_000, outputTpm: 5_000 });
    const result = await engine.reserve('k', { inputTokens: 200, outputTokens: 800 });
    if (!result.ok) throw new Error('refused');
    let state = await engine.getQuotaState('k');
    expect(dim(state, 'tokens_per_minute')).toMatchObject({ used: 0, reserved: 1_000, remaining: 9_000 });
    expect(dim(state, 'output_tokens_per_minute')).toMatchObject({ used: 0, reserved: 800 });
    await engine.commit(result.reservation, usage(180, 120));
    state = await engine.getQuotaState('k');
    expect(dim(state, 'tokens_per_minute')).toMatchObject({ used: 300, reserved: 0, remaining: 9_700 });
    expect(dim(state, 'input_tokens_per_minute')).toMatchObject({ used: 180, reserved: 0 });
    expect(dim(state, 'output_tokens_per_minute')).toMatchObject({ used: 120, reserved: 0 });
    expect(dim(state, 'requests_per_minute')).toMatchObject({ used: 1, reserved: 0 });
    // Settling twice does not count twice.
    await engine.commit(result.reservation, usage(180, 120));
    await engine.release(result.reservation, { reachedProvider: true });
    state = await engine.getQuotaState('k');
    expect(dim(state, 'requests_per_minute')).toMatchObject({ used: 1, reserved: 0 });
    expect(dim(state, 'tokens_per_minute')).toMatchObject({ used: 300 });
  });

  it('release frees the tokens; a request that reached the provider still counts as a request', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('k', { rpm: 10, tpm: 10_000 });
    const reserve = async () => {
      const result = await engine.reserve('k', { inputTokens: 500, outputTokens: 500 });
      if (!result.ok) throw new Error('refused');
      return result.reservation;
    };
    await engine.release(await reserve());
    let state = await engine.getQuotaState('k');
    expect(dim(state, 'requests_per_minute')).toMatchObject({ used: 0, reserved: 0 });
    expect(dim(state, 'tokens_per_minute')).toMatchObject({ used: 0, reserved: 0 });
    await engine.release(await reserve(), { reachedProvider: true });
    state = await engine.getQuotaState('k');
    expect(dim(state, 'requests_per_minute')).toMatchObject({ used: 1, reserved: 0 });
    expect(dim(state, 'tokens_per_minute')).toMatchObject({ used: 0, reserved: 0 });
    expect(state.inFlight).toBe(0);
  });

  it('reservations never settled are counted in full once they time out', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock, reservationTimeoutMs: 30_000 });
    engine.registerKey('k', { rpm: 3, concurrency: 1 });
    const lost = await engine.reserve('k', { inputTokens: 10, outputTokens: 10 });
    expect(lost.ok).toBe(true);
    await clock.advance(20_000);
    expect((await engine.reserve('k', { inputTokens: 1, outputTokens: 1 })).ok).toBe(false);
    await clock.advance(10_000);
    // Whoever looks first settles it: the router's check alone unblocks the key.
    expect(engine.check('k', { inputTokens: 1, outputTokens: 1 }).fits).toBe(true);
    expect(engine.inFlight('k')).toBe(0);
    const next = await engine.reserve('k', { inputTokens: 1, outputTokens: 1 });
    expect(next.ok).toBe(true);
    const state = await engine.getQuotaState('k');
    expect(dim(state, 'requests_per_minute')).toMatchObject({ used: 1, reserved: 1 });
    // The late commit of the timed-out reservation changes nothing.
    await engine.commit((lost as { reservation: QuotaReservation }).reservation, usage(1, 1));
    expect(dim(await engine.getQuotaState('k'), 'requests_per_minute')).toMatchObject({
      used: 1,
      reserved: 1,
    });
  });
});
