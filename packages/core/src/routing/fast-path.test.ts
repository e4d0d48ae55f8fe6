import { FakeAdapter } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideCandidates } from '../execution/decide-candidates.js';
import { VirtualClock } from '../index.js';
import { createRouterCore } from '../router/create-core.js';
import { registerKey } from '../router/key-operations.js';
import type { RouterCore } from '../router/router-core.js';
import { parseRouterOptions } from '../router/router-options-schema.js';
import { filterCandidates } from './candidate-filter.js';
import { CandidateSet } from './candidate-set.js';
import type { CandidateExplanation } from './explanation/explanation-types.js';
import { type ObjectivePreset, resolveObjective } from './objective.js';
import { scoreCandidates } from './score-candidates.js';

const PRESETS: ObjectivePreset[] = ['balanced', 'cost', 'fairness', 'latency', 'reliability', 'quality'];
const MODELS = ['m-a', 'm-b', 'm-c'];

const keySpec = fc.record({
  provider: fc.constantFrom('p1', 'p2'),
  // Exact ids and `prefix*` patterns: groups are filed by model id or checked by pattern.
  models: fc.option(fc.subarray([...MODELS, 'm-*', 'x-*'], { minLength: 1 }), { nil: undefined }),
  weight: fc.constantFrom(1, 2),
  tier: fc.option(fc.constantFrom('gold', 'basic'), { nil: undefined }),
  rpm: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  // A shared quota pool: a reservation on any member counts against every member's fit.
  pool: fc.option(fc.constantFrom('org-a', 'org-b'), { nil: undefined }),
  copies: fc.integer({ min: 1, max: 6 }),
});

/** Something that happens between decisions: a routed request, a throttle, time passing. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('route' as const),
    model: fc.constantFrom(...MODELS),
    ok: fc.boolean(),
    latency: fc.integer({ min: 5, max: 900 }),
    settle: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('throttle' as const),
    pick: fc.nat(),
    seconds: fc.integer({ min: 1, max: 90 }),
  }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
);

function input(core: RouterCore, objective: ObjectivePreset, dryRun: boolean): DecisionInput {
  const now = core.clock.now();
  return {
    now,
    estimate: { inputTokens: 20, outputTokens: 50 },
    needs: [],
    objective: resolveObjective(objective),
    tags: undefined,
    excluded: new Map(),
    deadline: now + 30_000,
    dryRun,
  };
}

/** One decision, by the fast path (groups) or the full path (every key screened). */
function decide(core: RouterCore, model: string, objective: ObjectivePreset, full: boolean) {
  const set = new CandidateSet();
  const ctx = { ...input(core, objective, true), ...core, registry: core.registry };
  filterCandidates(ctx, { providerId: undefined, model }, set, { full });
  const ranking = scoreCandidates(set, ctx.objective, core.quality);
  return { set, best: ranking.best >= 0 ? set.pick(ranking.best) : undefined };
}

function byKey(entries: CandidateExplanation[]): Map<string, CandidateExplanation> {
  return new Map(entries.map((entry) => [entry.keyId, entry]));
}

type KeySpec = typeof keySpec extends fc.Arbitrary<infer T> ? T : never;

async function buildPool(specs: KeySpec[]): Promise<RouterCore> {
  const clock = new VirtualClock({ autoAdvance: false });
  const core = createRouterCore(parseRouterOptions({ clock }));
  for (const id of ['p1', 'p2']) core.providers.set(id, new FakeAdapter({ id, clock, keys: {} }));
  core.quota.groups.setLimits('org-a', { rpm: 3 });
  let n = 0;
  for (const spec of specs) {
    for (let copy = 0; copy < spec.copies; copy++) {
      await registerKey(
        core,
        `sk-fast-path-${(n++).toString().padStart(4, '0')}-${spec.provider}`,
        spec.provider,
        {
          ...(spec.models ? { models: spec.models } : {}),
          weight: spec.weight,
          ...(spec.tier ? { tags: { tier: spec.tier } } : {}),
          ...(spec.rpm ? { limits: { rpm: spec.rpm } } : {}),
          ...(spec.pool ? { quotaGroup: spec.pool } : {}),
        },
      );
    }
  }
  return core;
}

describe('grouped (fast) decisions against the full O(keys) path', () => {
  it('property: same best total (and key), same per-key explanation, over random pools, usage and states', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(keySpec, { minLength: 1, maxLength: 6 }),
        fc.array(step, { maxLength: 25 }),
        fc.constantFrom(...PRESETS),
        async (specs, steps, objective) => {
          const core = await buildPool(specs);
          const keys = [...core.registry.all()];
          for (const s of steps) {
            const now = core.clock.now();
            if (s.kind === 'wait') {
              (core.clock as VirtualClock).advance(s.seconds * 1000);
            } else if (s.kind === 'throttle') {
              const record = keys[s.pick % keys.length];
              if (record)
                core.registry.send(
                  record,
                  { type: 'THROTTLE', at: now, until: now + s.seconds * 1000, reason: 'test' },
                  'rate_limit',
                );
            } else {
              // What the attempt loop does with a decision: reserve the pick, count it, book the outcome.
              const { best } = decideCandidates(core, input(core, objective, false), {
                providerId: undefined,
                model: s.model,
              });
              if (!best) continue;
              const held = await core.quota.reserve(best.keyId, { inputTokens: 20, outputTokens: 50 });
              if (!held.ok) continue;
              core.registry.markServed(best.record, now);
              best.record.recordOutcome(s.ok, s.latency, now);
              if (s.settle)
                await core.quota.commit(held.reservation, {
                  inputTokens: 20,
                  outputTokens: 30,
                  totalTokens: 50,
                });
            }
          }
          for (const model of [...MODELS, 'm-unknown']) {
            const fast = decide(core, model, objective, false);
            const full = decide(core, model, objective, true);
            // The grouped path ranks every key the full path ranks, by the same rules, so it picks the same
            // key: quiet keys of a group tie, and ties go to the lowest id in both.
            expect(fast.best?.keyId).toBe(full.best?.keyId);
            if (fast.best && full.best)
              expect(Math.abs(fast.best.total - full.best.total)).toBeLessThan(1e-9);
            // The explanation, once expanded, says the same about every key.
            const fastEntries = byKey(fast.set.explain());
            const fullEntries = byKey(full.set.explain());
            expect(fast.set.explain()).toHaveLength(full.set.explain().length);
            for (const [keyId, entry] of fullEntries) {
              const other = fastEntries.get(keyId);
              expect(other?.eligible, keyId).toBe(entry.eligible);
              expect(other?.exclusion?.code).toBe(entry.exclusion?.code);
              expect(other?.exclusion?.detail).toBe(entry.exclusion?.detail);
              expect(Math.abs((other?.total ?? 0) - (entry.total ?? 0))).toBeLessThan(1e-9);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps keys of a shared quota pool apart from keys alike but outside it', async () => {
    const alike = {
      provider: 'p1' as const,
      models: ['m-a'],
      weight: 1 as const,
      tier: undefined,
      rpm: undefined,
    };
    const core = await buildPool([
      { ...alike, pool: 'org-a', copies: 4 },
      { ...alike, pool: undefined, copies: 3 },
    ]);
    // One member of org-a (rpm 3) uses up the pool: its quiet fellows are full too, the others are not.
    const member = [...core.registry.all()].find((record) => record.quotaGroup === 'org-a');
    if (!member) throw new Error('no pooled key');
    core.registry.markServed(member, core.clock.now());
    for (let i = 0; i < 3; i++) await core.quota.reserve(member.id, { inputTokens: 20, outputTokens: 50 });
    const fast = byKey(decide(core, 'm-a', 'balanced', false).set.explain());
    const full = byKey(decide(core, 'm-a', 'balanced', true).set.explain());
    const codes = (entries: Map<string, CandidateExplanation>) =>
      [...entries.values()].map((entry) => entry.exclusion?.code ?? 'ok').sort();
    expect(codes(full)).toEqual(['ok', 'ok', 'ok', 'quota', 'quota', 'quota', 'quota']);
    expect(codes(fast)).toEqual(codes(full));
    for (const [keyId, entry] of full) expect(fast.get(keyId)?.exclusion?.code).toBe(entry.exclusion?.code);
  });

  it('screens only representatives: 500 quiet keys of one group give a set of 2 entries and a 500-entry explanation', async () => {
    const core = await buildPool([
      { provider: 'p1', models: ['m-a'], weight: 1, tier: undefined, rpm: 3, pool: undefined, copies: 500 },
    ]);
    const fast = decide(core, 'm-a', 'balanced', false);
    expect(fast.set.size).toBe(2);
    expect(fast.set.explain()).toHaveLength(500);
    expect(fast.set.explain().every((entry) => entry.eligible)).toBe(true);
    const other = decide(core, 'm-b', 'balanced', false);
    expect(other.set.size).toBe(0);
    expect(other.set.explain().map((entry) => entry.exclusion?.code)).toEqual(new Array(500).fill('model'));
  });
});
