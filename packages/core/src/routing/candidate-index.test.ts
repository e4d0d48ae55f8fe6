import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../index.js';
import { createRouterCore } from '../router/create-core.js';
import { registerKey, removeKey, setKeyEnabled } from '../router/key-operations.js';
import type { RouterCore } from '../router/router-core.js';
import { parseRouterOptions } from '../router/router-options-schema.js';
import { filterCandidates } from './candidate-filter.js';
import { CandidateSet } from './candidate-set.js';
import { resolveObjective } from './objective.js';

function explainFor(core: RouterCore, model: string, full: boolean) {
  const set = new CandidateSet();
  const now = core.clock.now();
  filterCandidates(
    {
      ...core,
      now,
      estimate: { inputTokens: 10, outputTokens: 10 },
      needs: [],
      objective: resolveObjective('balanced'),
      tags: undefined,
      excluded: new Map(),
      deadline: now + 10_000,
    },
    { providerId: undefined, model },
    set,
    { full },
  );
  return set
    .explain()
    .map((entry) => `${entry.label}:${entry.exclusion?.code ?? 'ok'}`)
    .sort();
}

async function setup() {
  const clock = new VirtualClock({ autoAdvance: false });
  const core = createRouterCore(parseRouterOptions({ clock }));
  core.providers.set('p', new FakeAdapter({ id: 'p', clock, keys: {} }));
  const ids: string[] = [];
  for (const label of ['a', 'b', 'c'])
    ids.push((await registerKey(core, `sk-index-test-${label}`, 'p', { label, models: ['m1'] })).id);
  return { core, ids };
}

describe('candidate index maintenance', () => {
  it('re-files a key whose options change, forgets a removed key, and decides a disabled key on its own', async () => {
    const { core, ids } = await setup();
    const record = (i: number) => core.registry.require(ids[i] as string);
    expect(core.registry.index.groupsOfKey(record(0))[0]).toBe(core.registry.index.groupsOfKey(record(1))[0]);
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:ok', 'c:ok']);

    // New options: another group, and now listed under another model.
    await registerKey(core, 'sk-index-test-b', 'p', { weight: 3, models: ['m2'] });
    expect(core.registry.index.groupsOfKey(record(1))[0]).not.toBe(
      core.registry.index.groupsOfKey(record(0))[0],
    );
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:model', 'c:ok']);
    expect(explainFor(core, 'm2', false)).toEqual(['a:model', 'b:ok', 'c:model']);

    await removeKey(core, ids[2] as string);
    expect(core.registry.index.groupsOfKey(record(0))[0]?.size).toBe(1);
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:model']);

    await setKeyEnabled(core, ids[0] as string, false, 'test');
    expect(core.registry.index.groupsOfKey(record(0))[0]?.isQuiet(record(0))).toBe(false);
    expect(explainFor(core, 'm1', false)).toEqual(['a:state', 'b:model']);
    expect(explainFor(core, 'm1', true)).toEqual(explainFor(core, 'm1', false));
  });

  it('groups keys by each model they list: interchangeable for that model, listed once when limited to others', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const core = createRouterCore(parseRouterOptions({ clock }));
    core.providers.set('p', new FakeAdapter({ id: 'p', clock, keys: {} }));
    const lists = { a: ['m1', 'm2'], b: ['m1', 'm3'], c: ['m2'] };
    const ids: Record<string, string> = {};
    for (const [label, models] of Object.entries(lists))
      ids[label] = (await registerKey(core, `sk-index-models-${label}`, 'p', { label, models })).id;
    const record = (label: string) => core.registry.require(ids[label] as string);
    const index = core.registry.index;
    expect(index.groupsOfKey(record('a'))).toHaveLength(2);
    // One group for m1 holds a and b, whatever else they list.
    const m1 = index.groupsOfKey(record('a')).find((group) => group.models?.[0] === 'm1');
    expect(m1?.size).toBe(2);
    expect(index.groupsOfKey(record('b'))).toContain(m1);
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:ok', 'c:model']);
    expect(explainFor(core, 'm2', false)).toEqual(['a:ok', 'b:model', 'c:ok']);
    // Limited to other models: each key once, though it sits in two groups.
    expect(explainFor(core, 'm4', false)).toEqual(['a:model', 'b:model', 'c:model']);
    // Used in one group is used in all of them.
    index.picked(record('a'));
    expect(index.isQuiet(record('a'))).toBe(false);
    for (const group of index.groupsOfKey(record('a'))) expect(group.used.has(record('a'))).toBe(true);
    await removeKey(core, ids.a as string);
    expect(m1?.size).toBe(1);
    expect(explainFor(core, 'm2', true)).toEqual(['b:model', 'c:ok']);
  });
});
