import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, type ProviderAdapter, type RouterError, VirtualClock } from '../index.js';
import { intent } from '../router/router-fixture.test-helpers.js';

/** A provider that over-reports the usage of its first answer (30,000 input tokens for a short prompt). */
function overReporting(fake: FakeAdapter): ProviderAdapter {
  let first = true;
  return {
    specificationVersion: fake.specificationVersion,
    id: fake.id,
    capabilities: fake.capabilities,
    execute: async (call) => {
      const response = await fake.execute(call);
      if (!first) return response;
      first = false;
      return { ...response, usage: { inputTokens: 30_000, outputTokens: 10, totalTokens: 30_010 } };
    },
    stream: (call) => fake.stream(call),
    parseRateLimits: (headers, now) => fake.parseRateLimits(headers, now),
    classifyError: (error, context) => fake.classifyError(error, context),
  };
}

describe('admission control: hard budgets before quota waits', () => {
  it('refuses at once what a hard budget will refuse, instead of waiting for the tokens-per-minute window', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const fake = new FakeAdapter({ id: 'openai', clock, keys: { 'sk-budget-000001': { tpm: 10_000 } } });
    const router = new ApiKeyRouter({ clock });
    await router.registerProvider('openai', overReporting(fake));
    await router.registerKey('sk-budget-000001', 'openai', { limits: { tpm: 10_000 } });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '10', outputPerMillion: '10' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '0.30',
      period: 'day',
      enforcementMode: 'hard',
    });
    await router.route(intent(), 'cost');
    const before = clock.now();
    const error = (await router.route(intent(), 'cost').catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('budget_exceeded');
    expect(clock.now()).toBe(before);
    expect(JSON.stringify(error.details)).toContain(budget.id);
    expect(Object.values(fake.stats())[0]?.requests).toBe(1);
    // Still waits for quota when the budget has room: the same router after the budget is raised.
    await router.costController.updateBudget(budget.id, { limit: '5.00' });
    const served = await router.route(intent(), 'cost');
    expect(served.content.length).toBeGreaterThan(0);
    expect(clock.now() - before).toBeGreaterThan(30_000);
  });
});
