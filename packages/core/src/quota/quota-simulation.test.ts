import { KeyLimitEnforcer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import { simulate } from './quota-sim.test-helpers.js';

const HOUR = 3_600_000;

describe('QuotaAwarenessEngine against a hidden provider (KeyLimitEnforcer)', () => {
  it('honest declared limits: zero hidden-limit rejections in a simulated hour at 90% of capacity', async () => {
    const limits = { rpm: 60, tpm: 24_000, rpd: 5_000, concurrency: 6 };
    for (const headers of [true, false]) {
      const clock = new VirtualClock();
      const provider = new KeyLimitEnforcer(limits, () => clock.now());
      const engine = new QuotaAwarenessEngine({ clock });
      engine.registerKey('key-a', limits);
      const result = await simulate({
        engine,
        clock,
        keyId: 'key-a',
        provider,
        durationMs: HOUR,
        arrivalsPerMinute: 54, // 90 % of 60 rpm; each request reserves 400 of 24 000 tpm: also 90 %
        inputTokens: 150,
        maxOutputTokens: 250,
        headers,
        seed: headers ? 1 : 2,
      });
      expect(result.rejections).toEqual([]);
      // Not safe by refusing: nearly everything offered was served (the rest is still queued at the end).
      expect(result.served).toBeGreaterThan(result.offered * 0.97);
      expect(result.served + result.queued + engine.inFlight('key-a')).toBe(result.offered);
    }
  });

  it('unknown limits: learned from the headers, rejections stop within a few responses', async () => {
    const clock = new VirtualClock();
    const hidden = { rpm: 30, tpm: 12_000 };
    const provider = new KeyLimitEnforcer(hidden, () => clock.now());
    // Another client of the same key used most of this minute's requests before we start.
    for (let i = 0; i < 27; i++) provider.admit(100).ok;
    const engine = new QuotaAwarenessEngine({ clock, cautiousConcurrency: 5 });
    engine.registerKey('key-b');
    const result = await simulate({
      engine,
      clock,
      keyId: 'key-b',
      provider,
      durationMs: HOUR,
      arrivalsPerMinute: 60, // twice what the key can take
      backlog: 20, // and a start-up burst
      inputTokens: 100,
      maxOutputTokens: 200,
      headers: true,
    });
    expect(result.rejections.length).toBeGreaterThan(0);
    expect(result.rejections.length).toBeLessThanOrEqual(3);
    for (const rejection of result.rejections) expect(rejection.afterResponses).toBeLessThanOrEqual(3);
    // Learned limits are used to the full: ≥ 90 % of what the key allows in the hour.
    expect(result.served).toBeGreaterThan(0.9 * 30 * 60);
    const state = await engine.getQuotaState('key-b');
    const rpm = state.dimensions.find((d) => d.name === 'requests_per_minute');
    expect(rpm).toMatchObject({ limit: 30, source: 'learned' });
    expect(rpm?.confidence).toBeGreaterThan(0.9);
    expect(state.cautious).toBe(false);
  });

  it('predicts a per-day exhaustion under steady load within 10% of when the provider refuses', async () => {
    const clock = new VirtualClock();
    const provider = new KeyLimitEnforcer({ rpd: 600 }, () => clock.now());
    const engine = new QuotaAwarenessEngine({ clock });
    engine.registerKey('key-c', { rpd: 600 });
    const start = clock.now();
    let predictedAt: number | undefined;
    let predictionMadeAt = 0;
    const result = await simulate({
      engine,
      clock,
      keyId: 'key-c',
      provider,
      durationMs: 70 * 60_000,
      arrivalsPerMinute: 10,
      steady: true,
      inputTokens: 100,
      maxOutputTokens: 100,
      headers: true,
      tickMs: 1_000,
      onTick: async (now) => {
        if (predictedAt === undefined && now - start >= 20 * 60_000) {
          predictedAt = (await engine.getQuotaState('key-c')).predictedExhaustionAt;
          predictionMadeAt = now;
        }
      },
    });
    // The provider would refuse the 601st request: the one arriving at minute 60.
    const realExhaustion = start + 60 * 60_000;
    expect(result.served).toBe(600);
    expect(provider.admit(1)).toMatchObject({ ok: false, kind: 'requests_day' });
    expect(predictedAt).toBeDefined();
    const error = Math.abs((predictedAt as number) - realExhaustion);
    expect(error).toBeLessThan(0.1 * (realExhaustion - predictionMadeAt));
  });
});
