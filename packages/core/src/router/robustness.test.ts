import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { type AdapterCall, ApiKeyRouter, type ProviderAdapter, VirtualClock } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('robustness', () => {
  it('a throwing event listener is logged and does not break routing or leak reservations', async () => {
    const errors: string[] = [];
    const { router, keys } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a' } } } },
      { logger: { error: (message) => errors.push(message) } },
    );
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'hard',
    });
    const boom = () => {
      throw new Error('listener bug');
    };
    for (const event of ['decision', 'attempt', 'requestCompleted', 'keyStateChanged'] as const)
      router.on(event, boom);
    const res = await router.route(intent(), 'cost');
    expect(res.content).toContain('echo');
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect((await router.costController.getBudgetStatus(budget.id)).reserved.isZero()).toBe(true);
    expect((await router.quota.getQuotaState(keys.a?.id as string)).inFlight).toBe(0);
    router.off('decision', boom);
    const before = errors.length;
    await router.route(intent(), 'cost');
    expect(errors.length - before).toBe(2);
  });

  it('usage that is not a count (NaN, negative) from a buggy adapter is booked as zero, not thrown', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const inner = new FakeAdapter({ id: 'buggy', clock, keys: { 'sk-bug-000001': {} } });
    const buggy: ProviderAdapter = {
      specificationVersion: 'v1',
      id: 'buggy',
      capabilities: inner.capabilities,
      parseRateLimits: (h, now) => inner.parseRateLimits(h, now),
      classifyError: (e, c) => inner.classifyError(e, c),
      stream: (call) => inner.stream(call),
      async execute(call: AdapterCall) {
        const res = await inner.execute(call);
        return { ...res, usage: { inputTokens: Number.NaN, outputTokens: -5, totalTokens: Number.NaN } };
      },
    };
    const router = new ApiKeyRouter({ clock });
    await router.registerProvider('buggy', buggy);
    const key = await router.registerKey('sk-bug-000001', 'buggy');
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'hard',
    });
    const res = await router.route(intent(), 'cost');
    expect(res.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect((await router.costController.getBudgetStatus(budget.id)).reserved.isZero()).toBe(true);
    expect((await router.quota.getQuotaState(key.id)).inFlight).toBe(0);
  });
});
