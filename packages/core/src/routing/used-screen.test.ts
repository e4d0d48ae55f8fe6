import { FakeAdapter } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideCandidates } from '../execution/decide-candidates.js';
import { VirtualClock } from '../index.js';
import type { QuotaReservation } from '../quota/index.js';
import { createRouterCore } from '../router/create-core.js';
import { registerKey, removeKey } from '../router/key-operations.js';
import type { RouterCore } from '../router/router-core.js';
import { parseRouterOptions } from '../router/router-options-schema.js';
import { filterCandidates } from './candidate-filter.js';
import { CandidateSet } from './candidate-set.js';
import type { CandidateExplanation } from './explanation/explanation-types.js';
import { type ObjectivePreset, resolveObjective } from './objective.js';
import { scoreCandidates } from './score-candidates.js';
import { UsedFacts } from './used-facts.js';

const SIZES = [
  { inputTokens: 20, outputTokens: 50 },
  { inputTokens: 300, outputTokens: 200 },
];

/** A key's declared limits: none, requests per minute, or tokens per minute (which depend on the request size). */
const keyLimits = fc.oneof(
  fc.constant(undefined),
  fc.record({ rpm: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ tpm: fc.integer({ min: 200, max: 2_000 }) }),
);

/** Something that changes what a decision reads, between decisions. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('route' as const),
    size: fc.nat(1),
    ok: fc.boolean(),
    latency: fc.integer({ min: 1, max: 40_000 }),
    settle: fc.constantFrom('commit', 'release', 'hold'),
  }),
  fc.record({
    kind: fc.constant('throttle' as const),
    pick: fc.nat(),
    seconds: fc.integer({ min: 1, max: 90 }),
  }),
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat() }),
  // Quota changes the key's own statistics do not show: a held request settling later, provider headers.
  fc.record({ kind: fc.constant('settle' as const), commit: fc.boolean() }),
  fc.record({
    kind: fc.constant('observe' as const),
    pick: fc.nat(),
    remaining: fc.integer({ min: 0, max: 3 }),
    resetInMs: fc.integer({ min: 1, max: 90_000 }),
  }),
  // Operator changes that re-index a key: new options (limits, weight, a quota group joined or left) and a
  // key removed and registered again.
  fc.record({
    kind: fc.constant('reregister' as const),
    pick: fc.nat(),
    limits: keyLimits,
    weight: fc.constantFrom(1, 2, 5),
    group: fc.constantFrom<string | null | undefined>(undefined, 'org-a', null),
  }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), limits: keyLimits }),
  // Within a window bucket, across buckets, past whole windows and stale reservations.
  fc.record({
    kind: fc.constant('wait' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1_000, max: 700_000 })),
  }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Key material by key id, to register a key again. */
const materials = new WeakMap<RouterCore, Map<string, string>>();

async function pool(limits: Array<{ rpm?: number; tpm?: number } | undefined>): Promise<RouterCore> {
  const clock = new VirtualClock({ autoAdvance: false });
  const core = createRouterCore(parseRouterOptions({ clock }));
  core.providers.set('p1', new FakeAdapter({ id: 'p1', clock, keys: {} }));
  const byId = new Map<string, string>();
  for (const [n, declared] of limits.entries()) {
    const material = `sk-used-screen-${n.toString().padStart(3, '0')}`;
    const info = await registerKey(core, material, 'p1', declared === undefined ? {} : { limits: declared });
    byId.set(info.id, material);
  }
  materials.set(core, byId);
  return core;
}

/** Applies one step the way the router would see it happen. */
async function apply(core: RouterCore, s: Step, held: QuotaReservation[], objective: ObjectivePreset) {
  const now = core.clock.now();
  const keys = [...core.registry.all()];
  const record = 'pick' in s ? keys[s.pick % keys.length] : undefined;
  if (s.kind === 'wait') await (core.clock as VirtualClock).advance(s.ms);
  else if (s.kind === 'throttle' && record) {
    const event = { type: 'THROTTLE' as const, at: now, until: now + s.seconds * 1000, reason: 't' };
    core.registry.send(record, event, 'rate_limit');
  } else if (s.kind === 'fail' && record) {
    // As the attempt loop does: a key that answers was picked first, so it is no longer quiet.
    core.registry.index.markUsed(record);
    record.recordOutcome(false, 10, now);
  } else if (s.kind === 'settle') {
    const reservation = held.shift();
    const usage = { inputTokens: 150, outputTokens: 150, totalTokens: 300 };
    if (reservation && s.commit) await core.quota.commit(reservation, usage);
    else if (reservation) await core.quota.release(reservation, { reachedProvider: true });
  } else if (s.kind === 'observe' && record) {
    // Headers come with a response, so from a key picked before (no longer quiet).
    core.registry.index.markUsed(record);
    const dimension = { dimension: 'requests_per_minute' as const, limit: 3, remaining: s.remaining };
    core.quota.observe(record.id, { dimensions: [{ ...dimension, resetAt: now + s.resetInMs }] });
  } else if (s.kind === 'reregister' && record) {
    const material = materials.get(core)?.get(record.id) as string;
    await registerKey(core, material, 'p1', {
      weight: s.weight,
      ...(s.limits === undefined ? {} : { limits: s.limits }),
      ...(s.group === undefined ? {} : { quotaGroup: s.group }),
    });
  } else if (s.kind === 'remove' && record) {
    const material = materials.get(core)?.get(record.id) as string;
    // Its held requests go with it (a removed key's holds are the engine's to drop, not the test's to settle).
    for (let i = held.length - 1; i >= 0; i--) if (held[i]?.keyId === record.id) held.splice(i, 1);
    await removeKey(core, record.id);
    await registerKey(core, material, 'p1', s.limits === undefined ? {} : { limits: s.limits });
  } else if (s.kind === 'route') {
    const estimate = SIZES[s.size] as (typeof SIZES)[0];
    const input = { now, estimate, needs: [], objective: resolveObjective(objective), tags: undefined };
    const target = { providerId: undefined, model: 'm-a' };
    const { best } = decideCandidates(
      core,
      { ...input, excluded: new Map(), deadline: now + 30_000 },
      target,
    );
    const reserved = best && (await core.quota.reserve(best.keyId, estimate));
    if (!best || !reserved?.ok) return;
    core.registry.markServed(best.record, now);
    best.record.recordOutcome(s.ok, s.latency, now);
    const usage = { inputTokens: 20, outputTokens: 30, totalTokens: 50 };
    if (s.settle === 'commit') await core.quota.commit(reserved.reservation, usage);
    else if (s.settle === 'release') await core.quota.release(reserved.reservation);
    else held.push(reserved.reservation);
  }
}

/** One decision by the grouped path (reusing remembered facts) or the full path (every key screened). */
function decide(
  core: RouterCore,
  objective: ObjectivePreset,
  size: number,
  full: boolean,
  deadlineMs: number,
) {
  const now = core.clock.now();
  const set = new CandidateSet();
  const estimate = SIZES[size] as (typeof SIZES)[0];
  const ctx = {
    ...core,
    registry: core.registry,
    ...{ now, estimate, needs: [], objective: resolveObjective(objective), tags: undefined },
    ...{ excluded: new Map(), deadline: now + deadlineMs },
  };
  filterCandidates(ctx, { providerId: undefined, model: 'm-a' }, set, { full });
  const ranking = scoreCandidates(set, ctx.objective, core.quality);
  return { set, best: ranking.best >= 0 ? set.pick(ranking.best) : undefined };
}

function byKey(entries: CandidateExplanation[]): CandidateExplanation[] {
  return [...entries].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
}

describe('remembered screening of used keys', () => {
  it('property: after every change, a decision reusing remembered facts equals a full one (pick, totals, explanation)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(keyLimits, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(step, fc.nat(1), fc.constantFrom(5_000, 30_000)), { maxLength: 30 }),
        fc.constantFrom<ObjectivePreset>('balanced', 'fairness', 'latency', 'reliability'),
        async (limits, steps, objective) => {
          const core = await pool(limits);
          const held: QuotaReservation[] = [];
          for (const [s, size, deadline] of steps) {
            await apply(core, s, held, objective);
            // Decide twice by the grouped path (the second reuses what the first remembered), then fully.
            decide(core, objective, size, false, deadline);
            const fast = decide(core, objective, size, false, deadline);
            const full = decide(core, objective, size, true, deadline);
            expect(fast.best?.keyId).toBe(full.best?.keyId);
            expect(fast.best?.total).toBe(full.best?.total);
            // Same entry for every key (the grouped path lists quiet keys after the used ones).
            expect(byKey(fast.set.explain())).toEqual(byKey(full.set.explain()));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps facts at their slots as it grows, and starts new slots unremembered', () => {
    const facts = new UsedFacts();
    facts.ensure(3);
    for (let at = 0; at < 3; at++) {
      facts.data[facts.offset(at)] = 1;
      facts.data[facts.offset(at) + 1] = at + 10;
    }
    facts.ensure(2);
    expect(facts.count).toBe(3);
    facts.ensure(40);
    expect(facts.count).toBe(40);
    expect([0, 1, 2].map((at) => facts.data[facts.offset(at) + 1])).toEqual([10, 11, 12]);
    expect(facts.data[facts.offset(39)]).toBe(0);
    expect(facts.records).toHaveLength(40);
    facts.forget(1);
    expect(facts.data[facts.offset(1)]).toBe(0);
    expect(facts.data[facts.offset(2)]).toBe(1);
  });
});
