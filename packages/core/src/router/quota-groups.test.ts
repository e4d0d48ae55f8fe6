import { type FakeKeySpec, KeyLimitEnforcer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { type KeyOptions, NoEligibleKeysError, RouterError } from '../index.js';
import { runPoissonLoad } from './load-simulation.test-helpers.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

const MINUTE = 60_000;

function upstream429s(stats: Record<string, { rateLimited: number }> | undefined): number {
  return Object.values(stats ?? {}).reduce((n, s) => n + s.rateLimited, 0);
}

/**
 * Four keys of one organisation: the simulated upstream enforces 60 requests/min for all of them together and
 * reports the organisation's remaining counts in every key's headers (as OpenAI does). Nothing is declared.
 */
async function organisation(options: KeyOptions) {
  // The enforcer needs the fixture's clock, which the fixture creates: read it through a holder.
  const holder: { now: () => number } = { now: () => 0 };
  const shared = new KeyLimitEnforcer({ rpm: 60 }, () => holder.now());
  const key = (label: string): FakeKeySpec & { options: KeyOptions } => ({
    label,
    latencyMs: 300,
    sharedLimits: shared,
    options,
  });
  const fixture = await createFixture({
    openai: {
      keys: {
        'sk-org-a-key-1': key('a1'),
        'sk-org-a-key-2': key('a2'),
        'sk-org-a-key-3': key('a3'),
        'sk-org-a-key-4': key('a4'),
      },
    },
  });
  holder.now = () => fixture.clock.now();
  return fixture;
}

describe('quota groups: keys sharing one organisation limit', () => {
  it('hidden group limit: 0 upstream 429s with quotaGroup, many with per-key accounting alone', async () => {
    const results: Record<string, { rejected: number; served: number }> = {};
    for (const [name, options] of [
      ['grouped', { quotaGroup: 'org-a' }],
      ['per-key', {}],
    ] as const) {
      const { router, adapters, clock } = await organisation(options);
      // 1.5× what the organisation allows, for 10 simulated minutes.
      const load = await runPoissonLoad(router, clock, { perMinute: 90, durationMs: 10 * MINUTE, seed: 3 });
      results[name] = { rejected: upstream429s(adapters.openai?.stats()), served: load.responses.length };
    }
    expect(results.grouped?.rejected).toBe(0);
    expect(results['per-key']?.rejected).toBeGreaterThan(20);
    // Safe without giving capacity away: at least 90 % of the 600 requests the organisation allowed.
    expect(results.grouped?.served).toBeGreaterThanOrEqual(540);
  }, 120_000);

  it('learns the group limit from one key and excludes the others naming the group', async () => {
    const { router } = await organisation({ quotaGroup: 'org-a' });
    for (let i = 0; i < 60; i++) await router.route(intent(), 'fairness');
    const state = await router.quota.groups.getQuotaState('org-a');
    expect(state?.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 60,
      source: 'learned',
      remaining: 0,
    });
    expect(state?.keyIds).toHaveLength(4);
    const explanation = await router.explain(intent(), 'fairness');
    const excluded = explanation.candidates.filter((c) => !c.eligible);
    expect(excluded).toHaveLength(4);
    for (const candidate of excluded) {
      expect(candidate.exclusion?.code).toBe('quota');
      expect(candidate.exclusion?.detail).toContain('quota group org-a: requests_per_minute');
      expect(candidate.exclusion?.retryAt).toBeGreaterThan(router.clock.now());
    }
    const error = await router.route(intent(), 'fairness', { deadlineMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoEligibleKeysError);
    expect((error as NoEligibleKeysError).retryAfterMs).toBeGreaterThan(0);
    const keyState = await router.quota.getQuotaState(router.listKeys()[0]?.id as string);
    expect(keyState).toMatchObject({ quotaGroup: 'org-a', capacityState: 'exhausted', remainingCapacity: 0 });
  }, 60_000);

  it('declared group limits are enforced across keys, and keys move between groups', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: {
          'sk-key-one-0001': { label: 'one', options: { quotaGroup: 'org-a' } },
          'sk-key-two-0001': { label: 'two', options: { quotaGroup: 'org-a' } },
        },
      },
    });
    expect(await router.setQuotaGroup('org-a', { limits: { rpm: 3 } })).toEqual({
      name: 'org-a',
      limits: { rpm: 3 },
      keyIds: [keys.one?.id, keys.two?.id],
    });
    expect(router.getKey(keys.one?.id as string)?.quotaGroup).toBe('org-a');
    for (let i = 0; i < 3; i++) await router.route(intent(), 'fairness');
    await expect(router.route(intent(), 'fairness', { deadlineMs: 1_000 })).rejects.toBeInstanceOf(
      NoEligibleKeysError,
    );
    // Key two leaves for its own group: it has capacity again; key one stays limited by org-a.
    const moved = await router.registerKey('sk-key-two-0001', 'openai', { quotaGroup: 'org-b' });
    expect(moved.quotaGroup).toBe('org-b');
    const res = await router.route(intent(), 'fairness', { deadlineMs: 1_000 });
    expect(res.keyId).toBe(keys.two?.id);
    expect(router.quota.groups.get('org-a')?.keyIds).toEqual([keys.one?.id]);
    // null takes a key out of its group.
    const ungrouped = await router.registerKey('sk-key-two-0001', 'openai', { quotaGroup: null });
    expect(ungrouped.quotaGroup).toBeUndefined();
    expect(router.quota.groups.get('org-b')).toBeUndefined();
    // Without limits the declaration goes; the group lives on while it has keys.
    expect(await router.setQuotaGroup('org-a')).toEqual({ name: 'org-a', keyIds: [keys.one?.id] });
  });

  it('invalid group names and limits are validation RouterErrors', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-key-one-0001': {} } } });
    const bad: Array<() => Promise<unknown>> = [
      () => router.registerKey('sk-key-new-0001', 'openai', { quotaGroup: 'org a' }),
      () => router.registerKey('sk-key-new-0001', 'openai', { quotaGroup: '' }),
      () => router.registerKey('sk-key-new-0001', 'openai', { quotaGroup: 'x'.repeat(65) }),
      () => router.registerKey('sk-key-new-0001', 'openai', { quotaGroup: 7 as unknown as string }),
      () => router.setQuotaGroup('-org', { limits: { rpm: 5 } }),
      () => router.setQuotaGroup('org-a', { limits: { rpm: -1 } }),
      () => router.setQuotaGroup('org-a', { limits: { rpm: 1.5 } }),
      () => router.setQuotaGroup('org-a', { limits: { rpm: Number.NaN } }),
      () => router.setQuotaGroup('org-a', { limits: { rpmm: 5 } as unknown as { rpm: number } }),
      () => router.setQuotaGroup('org-a', null as unknown as { limits: { rpm: number } }),
    ];
    for (const call of bad) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RouterError);
      expect((error as RouterError).category).toBe('validation');
    }
    expect(router.listKeys()).toHaveLength(1);
    expect(router.quota.groups.list()).toEqual([]);
  });
});
