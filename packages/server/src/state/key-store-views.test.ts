import { MemoryKeyStore, VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../config/config-schema.js';
import { carryOver } from '../runtime/carry-over.js';
import { buildRuntime } from '../runtime/gateway-runtime.js';
import { openGatewayState } from './gateway-state.js';
import { RuntimeKeyStore } from './runtime-key-store.js';
import { WatchableKeyStore } from './watchable-key-store.js';

const config = gatewayConfigSchema.parse({
  providers: { openai: { adapter: 'openai', baseURL: 'http://127.0.0.1:9/v1' } },
  keys: [{ provider: 'openai', key: 'sk-views-canary-00000001', models: ['gpt-4o-mini'] }],
  virtualKeys: [{ name: 'team', key: 'akr-views-team-0123456789' }],
});

describe('key store views across reloads', () => {
  it('announce every write to the live routers and drop retired ones', async () => {
    const shared = new WatchableKeyStore(new MemoryKeyStore());
    const first = new RuntimeKeyStore(shared);
    const second = new RuntimeKeyStore(shared);
    const seen: string[] = [];
    first.watch((keyId, version) => seen.push(`first ${keyId}@${version}`));
    second.watch((keyId, version) => seen.push(`second ${keyId}@${version}`));
    expect(shared.listenerCount).toBe(2);
    first.detach();
    expect(shared.listenerCount).toBe(1);
    expect(first.watch(() => seen.push('late'))).toBeTypeOf('function');
    expect(shared.listenerCount).toBe(1);
    const state = {
      keyId: 'k1',
      providerId: 'openai',
      state: 'disabled' as const,
      context: { consecutiveFailures: 0, openCount: 0, reason: 'test' },
      stateSince: 0,
      version: 1,
      history: [],
    };
    // A retired view still writes through to the store, and the live router hears about it.
    expect(await first.compareAndSet(state, 0)).toBe(true);
    expect(await first.compareAndSet(state, 0)).toBe(false);
    expect(await second.delete('k1')).toBe(true);
    expect(seen).toEqual(['second k1@1', 'second k1@0']);
  });

  it('a series of reloads leaves one router subscribed, and a state change reaches the new router', async () => {
    const clock = new VirtualClock();
    const state = await openGatewayState(config, clock);
    const shared = state.stores.keys as WatchableKeyStore;
    let runtime = await buildRuntime(config, { clock, state });
    const oldest = runtime;
    for (let i = 0; i < 5; i++) {
      const next = await buildRuntime(config, { clock, state });
      carryOver(runtime, next);
      runtime = next;
    }
    expect(shared.listenerCount).toBe(1);
    const keyId = runtime.router.listKeys()[0]?.id ?? '';
    // The retired router (still finishing requests) disables the key: the live one adopts it.
    await oldest.router.disableKey(keyId, 'seen by the retired router');
    await clock.advance(1);
    expect(runtime.router.getKey(keyId)?.state).toBe('disabled');
    await state.close();
  });
});
