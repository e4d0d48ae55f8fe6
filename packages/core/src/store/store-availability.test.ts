import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import {
  ApiKeyRouter,
  MemoryQuotaStore,
  MemorySpendStore,
  type StoreAvailability,
  VirtualClock,
} from '../index.js';
import { intent } from '../router/router-fixture.test-helpers.js';

/** A quota store that answers from its own memory and says so, as a shared store does while degraded. */
class ReportingQuotaStore extends MemoryQuotaStore {
  status: StoreAvailability | undefined;

  availability(): StoreAvailability | undefined {
    return this.status;
  }
}

describe('stores reporting their availability', () => {
  it('puts a degraded store in the explanation, its JSON, its text and the decision event; nothing otherwise', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const quota = new ReportingQuotaStore();
    const router = new ApiKeyRouter({ clock, stores: { quota, spend: new MemorySpendStore() } });
    await router.registerProvider(
      'openai',
      new FakeAdapter({ id: 'openai', clock, keys: { 'sk-report-0000001': {} } }),
    );
    await router.registerKey('sk-report-0000001', 'openai', { limits: { rpm: 10 } });
    const normal = await router.route(intent());
    expect(normal.explanation.degradedStores).toBeUndefined();
    expect(normal.explanation.toJSON()).not.toHaveProperty('degradedStores');

    quota.status = { store: 'quota', mode: 'local', since: clock.now(), reason: 'shared backing away' };
    const seen: Array<StoreAvailability[] | undefined> = [];
    router.on('decision', (event) => seen.push(event.explanation.degradedStores));
    const degraded = await router.route(intent());
    expect(degraded.explanation.degradedStores).toEqual([quota.status]);
    expect(degraded.explanation.toJSON().degradedStores).toEqual([quota.status]);
    expect(String(degraded.explanation)).toContain('quota store answering locally');
    expect(seen).toEqual([[quota.status]]);

    quota.status = { ...quota.status, mode: 'unavailable' };
    expect(String(await router.explain(intent()))).toContain('quota store unavailable');
  });
});
