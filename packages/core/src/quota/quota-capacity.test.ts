import { KeyLimitEnforcer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { CapacityState, QuotaWarningEvent } from './quota-types.js';

const estimate = { inputTokens: 10, outputTokens: 10 };
const usage = { inputTokens: 10, outputTokens: 10, totalTokens: 20 };

function setup(limits: { rpm?: number; tpm?: number }) {
  const clock = new VirtualClock();
  const warnings: QuotaWarningEvent[] = [];
  const engine = new QuotaAwarenessEngine({ clock, onWarning: (event) => warnings.push(event) });
  engine.registerKey('k', limits);
  const send = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const result = await engine.reserve('k', estimate);
      if (!result.ok) throw new Error(result.check.detail);
      await engine.commit(result.reservation, usage);
    }
  };
  const state = async () => (await engine.getQuotaState('k')).capacityState;
  return { clock, engine, warnings, send, state };
}

describe('QuotaAwarenessEngine: capacity state and warnings', () => {
  it('walks abundant → constrained → critical → exhausted, warning once on each critical/exhausted edge', async () => {
    const { clock, engine, warnings, send, state } = setup({ rpm: 10 });
    const seen: CapacityState[] = [];
    for (let i = 0; i < 9; i++) {
      await send(1);
      seen.push(await state());
      await clock.advance(1_000);
    }
    expect(seen).toEqual([
      'abundant', // 90 % left
      'abundant',
      'abundant',
      'abundant',
      'abundant', // 50 %
      'constrained', // 40 %
      'constrained',
      'constrained', // 20 %
      'critical', // 10 %
    ]);
    const last = await engine.reserve('k', estimate);
    expect(last.ok).toBe(true);
    expect(await state()).toBe('exhausted');
    expect(warnings).toEqual([
      {
        keyId: 'k',
        capacityState: 'critical',
        previous: 'constrained',
        dimension: 'requests_per_minute',
        remaining: 1,
        predictedExhaustionAt: expect.any(Number),
        at: clock.now() - 1_000,
      },
      {
        keyId: 'k',
        capacityState: 'exhausted',
        previous: 'critical',
        dimension: 'requests_per_minute',
        remaining: 0,
        predictedExhaustionAt: clock.now(),
        at: clock.now(),
      },
    ]);
    await clock.advance(62_000);
    expect(await state()).toBe('abundant'); // the window rolled over: straight back, nothing to recover from
    expect(warnings).toHaveLength(2);
  });

  it('does not flap around the critical threshold (leaves critical only from 25 % left)', async () => {
    const { clock, warnings, send, state } = setup({ rpm: 20 });
    await send(1);
    await clock.advance(10_000);
    await send(16);
    expect(await state()).toBe('critical'); // 3 of 20 left
    await clock.advance(52_000); // the first request leaves the window: 4 of 20 = 20 % left
    expect(await state()).toBe('critical');
    await send(1);
    expect(await state()).toBe('critical');
    expect(warnings.map((w) => w.capacityState)).toEqual(['critical']);
    await clock.advance(10_000);
    expect(await state()).toBe('abundant');
    await send(17);
    expect(warnings.map((w) => w.capacityState)).toEqual(['critical', 'critical']);
  });

  it('a throwing onWarning listener cannot break commits', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({
      clock,
      onWarning: () => {
        throw new Error('listener bug');
      },
    });
    engine.registerKey('k', { rpm: 1 });
    const result = await engine.reserve('k', estimate);
    if (!result.ok) throw new Error('refused');
    await expect(engine.commit(result.reservation, usage)).resolves.toBeUndefined();
    expect((await engine.getQuotaState('k')).capacityState).toBe('exhausted');
  });
});

describe('QuotaAwarenessEngine: prediction', () => {
  it('predicts a per-minute exhaustion under steady overload within 10% of when the provider refuses', async () => {
    const { clock, engine } = setup({ tpm: 10_000 });
    const provider = new KeyLimitEnforcer({ tpm: 10_000 }, () => clock.now());
    const start = clock.now();
    let predicted: number | undefined;
    let real: number | undefined;
    for (let second = 0; second < 60 && real === undefined; second++) {
      const admission = provider.admit(300);
      if (!admission.ok) real = clock.now();
      const result = await engine.reserve('k', { inputTokens: 100, outputTokens: 200 });
      if (result.ok)
        await engine.commit(result.reservation, { inputTokens: 100, outputTokens: 200, totalTokens: 300 });
      if (second === 15) predicted = (await engine.getQuotaState('k')).predictedExhaustionAt;
      await clock.advance(1_000);
    }
    expect(real).toBe(start + 33_000);
    expect(predicted).toBeDefined();
    const horizon = (real as number) - (start + 15_000);
    expect(Math.abs((predicted as number) - (real as number))).toBeLessThan(0.1 * horizon);
  });

  it('predicts no exhaustion for a load the window can sustain', async () => {
    const { clock, engine, send } = setup({ rpm: 60 });
    for (let i = 0; i < 180; i++) {
      await send(1);
      await clock.advance(1_250); // 48 per minute
    }
    const state = await engine.getQuotaState('k');
    expect(state.predictedExhaustionAt).toBeUndefined();
    const rpm = state.dimensions.find((d) => d.name === 'requests_per_minute');
    expect(rpm?.ratePerMinute).toBeGreaterThan(45);
    expect(rpm?.ratePerMinute).toBeLessThan(51);
    expect(state.capacityState).toBe('critical'); // ~50 of 60 counted in the 61–62 s window
  });
});
