import { KeyLimitEnforcer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import { observationFrom } from './quota-sim.test-helpers.js';

const small = { inputTokens: 100, outputTokens: 100 };
const usage = { inputTokens: 100, outputTokens: 100, totalTokens: 200 };

/** Six ungrouped keys: four on one organisation's limit, two on limits of their own (same size). */
async function traffic(minutes: number) {
  const clock = new VirtualClock();
  const engine = new QuotaAwarenessEngine({ clock });
  const organisation = new KeyLimitEnforcer({ rpm: 120 }, () => clock.now());
  const upstream: Record<string, KeyLimitEnforcer> = {};
  for (const id of ['org-1', 'org-2', 'org-3', 'org-4']) upstream[id] = organisation;
  for (const id of ['solo-1', 'solo-2']) upstream[id] = new KeyLimitEnforcer({ rpm: 120 }, () => clock.now());
  for (const id of Object.keys(upstream)) engine.registerKey(id);
  const ids = Object.keys(upstream);
  for (let tick = 0; tick < minutes * 60; tick++) {
    // One request per second on each key, answered at once with the upstream's headers.
    for (const id of ids) {
      const held = await engine.reserve(id, small);
      if (!held.ok) continue;
      const enforcer = upstream[id] as KeyLimitEnforcer;
      const admission = enforcer.admit(200);
      const observation = observationFrom(enforcer.snapshot(), clock.now());
      if (admission.ok) await engine.commit(held.reservation, usage, observation);
      else await engine.release(held.reservation, { reachedProvider: true, observation });
    }
    await clock.advance(1_000);
  }
  return { engine, clock };
}

describe('SharedAccountDetector (engine.groups.suggest)', () => {
  it('suggests the keys whose counts move together, and only those', async () => {
    const { engine } = await traffic(2);
    expect(engine.groups.suggest()).toEqual([
      {
        keyIds: ['org-1', 'org-2', 'org-3', 'org-4'],
        dimension: 'requests_per_minute',
        limit: 120,
        evidence: expect.any(Number),
      },
    ]);
    const [suggestion] = engine.groups.suggest();
    expect(suggestion?.evidence).toBeGreaterThanOrEqual(3);
    // Applied: grouped keys are no longer suggested; a removed key is forgotten.
    engine.groups.assign('org-1', 'org-a');
    expect(engine.groups.suggest()[0]?.keyIds).toEqual(['org-2', 'org-3', 'org-4']);
    engine.removeKey('org-2');
    expect(engine.groups.suggest()[0]?.keyIds).toEqual(['org-3', 'org-4']);
  });

  it('suggests nothing before there is evidence, nor for independent keys of the same size', async () => {
    const { engine } = await traffic(0);
    expect(engine.groups.suggest()).toEqual([]);
    const clock = new VirtualClock();
    const solo = new QuotaAwarenessEngine({ clock });
    const upstream = ['a', 'b', 'c'].map((id) => {
      solo.registerKey(id);
      return [id, new KeyLimitEnforcer({ rpm: 60 }, () => clock.now())] as const;
    });
    for (let tick = 0; tick < 120; tick++) {
      for (const [id, enforcer] of upstream) {
        const held = await solo.reserve(id, small);
        if (!held.ok || !enforcer.admit(200).ok) continue;
        await solo.commit(held.reservation, usage, observationFrom(enforcer.snapshot(), clock.now()));
      }
      await clock.advance(1_000);
    }
    expect(solo.groups.suggest()).toEqual([]);
  });
});
