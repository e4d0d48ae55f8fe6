import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, MemoryKeyStore, MemoryQuotaStore, MemorySpendStore, RouterError } from '../index.js';

describe('router options: stores', () => {
  it('accepts a store bundle that carries more than the three stores (as createRedisStores returns)', () => {
    const bundle = {
      keys: new MemoryKeyStore(),
      quota: new MemoryQuotaStore(),
      spend: new MemorySpendStore(),
      close: async () => undefined,
      onAvailability: () => () => undefined,
    };
    expect(() => new ApiKeyRouter({ stores: bundle })).not.toThrow();
  });

  it('rejects something that is not a store with a validation error naming the path', () => {
    const attempt = () => new ApiKeyRouter({ stores: { quota: {} as MemoryQuotaStore } });
    expect(attempt).toThrow(RouterError);
    try {
      attempt();
    } catch (error) {
      expect((error as RouterError).category).toBe('validation');
      expect((error as RouterError).message).toContain('stores.quota');
    }
  });
});
