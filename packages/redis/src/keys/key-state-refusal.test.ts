import type { PersistedKeyState } from '@apikeyrouter/core';
import { QuotaAwarenessEngine, VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;
const estimate = { inputTokens: 10, outputTokens: 10 };

function disabled(keyId: string): PersistedKeyState {
  return {
    keyId,
    providerId: 'fake',
    state: 'disabled',
    context: { consecutiveFailures: 0, openCount: 0, reason: 'rotated out by ops' },
    stateSince: T0,
    version: 1,
    history: [],
  };
}

describe('a reserve refused by the key-state version check', () => {
  it('says the key changed on another router, not that a concurrency limit of 0 was reached', async () => {
    const clock = new VirtualClock({ start: T0 });
    const a = await redis.stores({ prefix: 'stale-detail', clock });
    const b = await redis.stores({ prefix: 'stale-detail', clock });
    // A routes on "no stored state" (version 0); B then writes version 1, which A has not read.
    expect(await a.keys.get('k1')).toBeUndefined();
    expect(await b.keys.compareAndSet(disabled('k1'), 0)).toBe(true);

    const engine = new QuotaAwarenessEngine({ clock, store: a.quota });
    engine.registerKey('k1', { rpm: 10 });
    const refused = await engine.reserve('k1', estimate);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.check.dimension).toBe('key_state_changed');
    expect(refused.check.detail).toContain('key state changed on another router (version 1');
    expect(refused.check.detail).not.toContain('concurrency');
    expect(refused.check.retryAt).toBe(T0 + 250);
    // While the key is paused for the refresh, fit checks (and so explanations) give the same reason.
    const paused = engine.check('k1', estimate);
    expect(paused).toMatchObject({ fits: false, dimension: 'key_state_changed', retryAt: T0 + 250 });
    expect(paused.fits ? '' : paused.detail).toContain('key state changed on another router');

    // Once A has read the new state, the same reserve goes through: nothing was held by the refusal.
    expect((await a.keys.get('k1'))?.version).toBe(1);
    await clock.advance(250);
    const held = await engine.reserve('k1', estimate);
    expect(held.ok).toBe(true);
    expect((await a.quota.snapshot('k1', clock.now()))?.held.concurrency).toBe(1);
  });
});
