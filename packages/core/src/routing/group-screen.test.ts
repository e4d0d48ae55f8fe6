import { FakeAdapter } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideCandidates } from '../execution/decide-candidates.js';
import { VirtualClock } from '../index.js';
import type { KeyRecord } from '../keys/key-record.js';
import { createRouterCore } from '../router/create-core.js';
import { registerKey } from '../router/key-operations.js';
import type { RouterCore } from '../router/router-core.js';
import { parseRouterOptions } from '../router/router-options-schema.js';
import { filterCandidates } from './candidate-filter.js';
import { CandidateSet } from './candidate-set.js';
import type { CandidateExplanation } from './explanation/explanation-types.js';
import { type KeyGroup, ROTATION } from './key-group.js';
import { type ObjectivePreset, resolveObjective } from './objective.js';
import { scoreCandidates } from './score-candidates.js';
import { NO_SLOT } from './used-order.js';

const ESTIMATE = { inputTokens: 20, outputTokens: 50 };
const MODEL = 'm-a';

async function pool(count: number, limits?: { rpm: number }): Promise<RouterCore> {
  const clock = new VirtualClock({ autoAdvance: false });
  const core = createRouterCore(parseRouterOptions({ clock }));
  core.providers.set('p1', new FakeAdapter({ id: 'p1', clock, keys: {} }));
  for (let n = 0; n < count; n++)
    await registerKey(core, `sk-rotation-${n.toString().padStart(4, '0')}`, 'p1', limits ? { limits } : {});
  return core;
}

function input(core: RouterCore, objective: ObjectivePreset, dryRun: boolean): DecisionInput {
  const now = core.clock.now();
  return {
    now,
    estimate: ESTIMATE,
    needs: [],
    objective: resolveObjective(objective),
    tags: undefined,
    excluded: new Map(),
    deadline: now + 30_000,
    dryRun,
  };
}

/** What the attempt loop does: decide, reserve the pick, count it, book a success; `settle` commits it. */
async function serve(core: RouterCore, settle = true, objective: ObjectivePreset = 'balanced') {
  const now = core.clock.now();
  const { best, candidates } = decideCandidates(core, input(core, objective, false), {
    providerId: undefined,
    model: MODEL,
  });
  if (!best) return { best, candidates, reserved: false };
  const held = await core.quota.reserve(best.keyId, ESTIMATE);
  if (!held.ok) return { best, candidates, reserved: false };
  core.registry.markServed(best.record, now);
  best.record.recordOutcome(true, 100, now);
  if (settle)
    await core.quota.commit(held.reservation, { inputTokens: 20, outputTokens: 30, totalTokens: 50 });
  return { best, candidates, reserved: true };
}

/** A dry decision by the fast path or the reference path (every key screened afresh). */
function decide(
  core: RouterCore,
  full: boolean,
  objective: ObjectivePreset = 'balanced',
  pinned?: KeyRecord,
  excluded: DecisionInput['excluded'] = new Map(),
) {
  const set = new CandidateSet();
  const ctx = { ...input(core, objective, true), ...core, registry: core.registry, pinned, excluded };
  filterCandidates(ctx, { providerId: undefined, model: MODEL }, set, { full });
  const ranking = scoreCandidates(set, ctx.objective, core.quality);
  return { set, best: ranking.best >= 0 ? set.pick(ranking.best) : undefined };
}

function groupOf(core: RouterCore): KeyGroup {
  const group = core.registry.index.groupsOf('p1')[0];
  if (!group) throw new Error('no group');
  return group;
}

/** The group's used keys, least recently picked first. */
function order(core: RouterCore): KeyRecord[] {
  const used = groupOf(core).used;
  const out: KeyRecord[] = [];
  for (let slot = used.first; slot !== NO_SLOT; slot = used.next(slot)) out.push(used.record(slot));
  return out;
}

/** Serves until every key of the pool has been picked once. */
async function useAll(core: RouterCore): Promise<void> {
  for (let i = 0; i < 10 * core.registry.size && groupOf(core).quietCount > 0; i++) await serve(core);
  expect(groupOf(core).quietCount).toBe(0);
}

function codes(entries: CandidateExplanation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of entries) {
    const code = entry.exclusion?.code ?? 'eligible';
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

function byKey(entries: CandidateExplanation[]): CandidateExplanation[] {
  return [...entries].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
}

describe('large groups: least recently picked first, a few screened', () => {
  it('screens a large group from its least recently picked key until a few are eligible, and lists the rest', async () => {
    const core = await pool(24);
    await useAll(core);
    const front = order(core).slice(0, ROTATION.screen);
    const { set, best } = decide(core, false);
    expect(set.records).toEqual(front);
    expect(front).toContain(best?.record);
    const entries = set.explain();
    expect(new Set(entries.map((entry) => entry.keyId)).size).toBe(24);
    expect(codes(entries)).toEqual({ eligible: ROTATION.screen, rotation: 24 - ROTATION.screen });
    // A small group is screened whole.
    const small = await pool(ROTATION.small);
    await useAll(small);
    expect(decide(small, false).set.size).toBe(ROTATION.small);
  });

  it('sends a key going out of service to the back, explains it by its state, and a pick goes to the back', async () => {
    const core = await pool(24);
    await useAll(core);
    const [first] = order(core);
    if (!first) throw new Error('empty order');
    const now = core.clock.now();
    core.registry.send(first, { type: 'THROTTLE', at: now, until: now + 60_000, reason: 't' }, 'rate_limit');
    // Out of service, it leaves the front: decisions screen keys that may serve instead of it.
    expect(order(core).at(-1)).toBe(first);
    const { set } = decide(core, false);
    expect(set.records).toEqual(order(core).slice(0, ROTATION.screen));
    const entries = set.explain();
    const own = entries.find((entry) => entry.keyId === first.id)?.exclusion;
    expect(own).toEqual({ code: 'state', detail: 'throttled: t' });
    expect(codes(entries)).toEqual({
      eligible: ROTATION.screen,
      state: 1,
      rotation: 24 - ROTATION.screen - 1,
    });
    for (let i = 0; i < 30; i++) {
      const eligibleFront = order(core)
        .filter((record) => record !== first)
        .slice(0, ROTATION.screen);
      const { best } = await serve(core);
      expect(eligibleFront).toContain(best?.record);
      expect(order(core).at(-1)).toBe(best?.record);
    }
  });

  it('re-screens no disabled key: with half the group disabled, a decision screens only keys that serve', async () => {
    const core = await pool(24);
    await useAll(core);
    const disabled = order(core).slice(0, 12);
    const now = core.clock.now();
    for (const record of disabled)
      core.registry.send(record, { type: 'DISABLE', at: now, reason: 'off' }, 'operator');
    const { set } = decide(core, false);
    expect(set.records.some((record) => disabled.includes(record))).toBe(false);
    expect(set.size).toBe(ROTATION.screen);
    const entries = set.explain();
    for (const record of disabled)
      expect(entries.find((entry) => entry.keyId === record.id)?.exclusion?.code).toBe('state');
  });

  it('never picks a key whose quota does not fit: every pick reserves, then nothing is left', async () => {
    const core = await pool(20, { rpm: 2 });
    let served = 0;
    for (let i = 0; i < 60; i++) {
      const { best, reserved, candidates } = await serve(core, false);
      if (!best) {
        // Nothing fits: every key was screened and is excluded for quota (none passed over).
        expect(codes(candidates.explain())).toEqual({ quota: 20 });
        break;
      }
      expect(reserved).toBe(true);
      served++;
    }
    expect(served).toBe(40);
    for (const record of core.registry.all())
      expect(core.quota.check(record.id, ESTIMATE, core.clock.now()).fits).toBe(false);
  });

  it('screens the key the prompt prefix is bound to even when the rotation passes it over', async () => {
    const core = await pool(24);
    await useAll(core);
    const bound = order(core)[12] as KeyRecord;
    const { set } = decide(core, false, 'balanced', bound);
    expect(set.records).toContain(bound);
    expect(set.size).toBe(ROTATION.screen + 1);
    expect(set.explain().find((entry) => entry.keyId === bound.id)?.eligible).toBe(true);
  });

  it('screens the keys the request already ruled out, so they keep their own reason', async () => {
    const core = await pool(24);
    await useAll(core);
    const failed = order(core).at(-1) as KeyRecord;
    const excluded = new Map([[failed.id, { code: 'attempted' as const, detail: 'failed: 500' }]]);
    for (const full of [false, true]) {
      const { set } = decide(core, full, 'balanced', undefined, excluded);
      const entries = set.explain();
      expect(entries.find((entry) => entry.keyId === failed.id)?.exclusion?.code).toBe('attempted');
      expect(codes(entries)).toEqual({
        eligible: ROTATION.screen,
        attempted: 1,
        rotation: 24 - ROTATION.screen - 1,
      });
    }
  });

  it('property: the fast path equals the reference path on large groups after random use, throttles and time', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('route' as const), settle: fc.boolean() }),
      fc.record({
        kind: fc.constant('throttle' as const),
        pick: fc.nat(),
        seconds: fc.integer({ min: 1, max: 90 }),
      }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 90_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: ROTATION.small + 1, max: ROTATION.small + 8 }),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.array(step, { maxLength: 40 }),
        fc.constantFrom<ObjectivePreset>('balanced', 'fairness', 'cost', 'latency'),
        async (count, rpm, steps, objective) => {
          const core = await pool(count, rpm === undefined ? undefined : { rpm });
          for (let i = 0; i < count; i++) await serve(core, true, objective);
          for (const s of steps) {
            const keys = [...core.registry.all()];
            const now = core.clock.now();
            if (s.kind === 'wait') await (core.clock as VirtualClock).advance(s.ms);
            else if (s.kind === 'route') await serve(core, s.settle, objective);
            else {
              const record = keys[s.pick % keys.length] as KeyRecord;
              const event = {
                type: 'THROTTLE' as const,
                at: now,
                until: now + s.seconds * 1000,
                reason: 't',
              };
              core.registry.send(record, event, 'rate_limit');
            }
            decide(core, false, objective);
            const fast = decide(core, false, objective);
            const full = decide(core, true, objective);
            expect(fast.best?.keyId).toBe(full.best?.keyId);
            expect(fast.best?.total).toBe(full.best?.total);
            expect(byKey(fast.set.explain())).toEqual(byKey(full.set.explain()));
            expect(fast.set.explain()).toHaveLength(count);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
