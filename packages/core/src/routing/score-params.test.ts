import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { decideCandidates } from '../execution/decide-candidates.js';
import { VirtualClock } from '../index.js';
import { createRouterCore } from '../router/create-core.js';
import { registerKey } from '../router/key-operations.js';
import type { RouterCore } from '../router/router-core.js';
import { parseRouterOptions } from '../router/router-options-schema.js';
import { type ObjectivePreset, resolveObjective } from './objective.js';

async function pool(): Promise<RouterCore> {
  const clock = new VirtualClock({ autoAdvance: false });
  const core = createRouterCore(parseRouterOptions({ clock }));
  for (const id of ['p1', 'p2']) core.providers.set(id, new FakeAdapter({ id, clock, keys: {} }));
  core.quality.set('p2/m-a', 0.7);
  for (let n = 0; n < 8; n++)
    await registerKey(core, `sk-score-params-${n}`, n % 2 ? 'p1' : 'p2', { weight: 1 + (n % 3) });
  return core;
}

function decide(core: RouterCore, objective: ObjectivePreset) {
  const now = core.clock.now();
  const input = {
    ...{ now, estimate: { inputTokens: 20, outputTokens: 50 }, needs: [], tags: undefined },
    ...{ objective: resolveObjective(objective), excluded: new Map(), deadline: now + 30_000 },
  };
  return decideCandidates(core, input, { providerId: undefined, model: 'm-a' });
}

/** Routes a few requests so keys differ in load, latency and reliability. */
function use(core: RouterCore, objective: ObjectivePreset, rounds: number): void {
  for (let n = 0; n < rounds; n++) {
    const { best } = decide(core, objective);
    if (!best) return;
    core.registry.markServed(best.record, core.clock.now());
    best.record.recordOutcome(n % 3 !== 0, 40 + 37 * n, core.clock.now());
  }
}

describe('scores computed from the normalisation when the explanation is read', () => {
  it('every eligible entry: the weighted sum of its scores, in the objective order, is its total to the bit', async () => {
    for (const objective of ['balanced', 'latency', 'quality', 'cost', 'fairness'] as ObjectivePreset[]) {
      const core = await pool();
      use(core, objective, 12);
      const { candidates, best } = decide(core, objective);
      const weights = Object.entries(resolveObjective(objective).weights).filter(([, weight]) => weight);
      const eligible = candidates.explain().filter((entry) => entry.eligible);
      expect(eligible.length).toBeGreaterThan(0);
      for (const entry of eligible) {
        let total = 0;
        for (const [name, weight] of weights)
          total += (weight as number) * (entry.scores?.[name as 'cost'] as number);
        expect(total).toBe(entry.total);
      }
      expect(Math.max(...eligible.map((entry) => entry.total as number))).toBe(best?.total);
    }
  });

  it('reports decision-time scores when read after later decisions and a quality table change', async () => {
    const core = await pool();
    use(core, 'quality', 6);
    const early = decide(core, 'quality');
    const fresh = await pool();
    use(fresh, 'quality', 6);
    const expected = structuredClone(decide(fresh, 'quality').candidates.explain());
    use(core, 'quality', 6);
    core.quality.set('m-a', 0.1);
    core.quality.set('p1/m-a', 0.9);
    expect(early.candidates.explain()).toEqual(expected);
    expect(expected.some((entry) => entry.scores?.quality !== undefined)).toBe(true);
  });
});
