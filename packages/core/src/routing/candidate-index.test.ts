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
    expect(core.registry.index.groupOf(record(0))).toBe(core.registry.index.groupOf(record(1)));
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:ok', 'c:ok']);

    // New options: another group, and now listed under another model.
    await registerKey(core, 'sk-index-test-b', 'p', { weight: 3, models: ['m2'] });
    expect(core.registry.index.groupOf(record(1))).not.toBe(core.registry.index.groupOf(record(0)));
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:model', 'c:ok']);
    expect(explainFor(core, 'm2', false)).toEqual(['a:model', 'b:ok', 'c:model']);

    await removeKey(core, ids[2] as string);
    expect(core.registry.index.groupOf(record(0))?.size).toBe(1);
    expect(explainFor(core, 'm1', false)).toEqual(['a:ok', 'b:model']);

    await setKeyEnabled(core, ids[0] as string, false, 'test');
    expect(core.registry.index.groupOf(record(0))?.isQuiet(record(0))).toBe(false);
    expect(explainFor(core, 'm1', false)).toEqual(['a:state', 'b:model']);
    expect(explainFor(core, 'm1', true)).toEqual(explainFor(core, 'm1', false));
  });
});
