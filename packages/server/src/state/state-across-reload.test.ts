import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../config/config-schema.js';
import { gatewayConfigSchema } from '../config/config-schema.js';
import { CONFIG_BUDGET_PREFIX } from '../runtime/config-budgets.js';
import {
  CANARY_OPENAI,
  type GatewayFixture,
  post,
  startFixture,
  testConfig,
} from '../test/gateway-fixture.test-helpers.js';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] };

function withBudgets(config: GatewayConfigInput, globalLimit: string): GatewayConfigInput {
  return {
    ...config,
    // A throttled only key makes a request wait for it until the deadline: short, yet long enough for a
    // cold first call on a loaded machine.
    routing: { deadlineMs: 3_000 },
    budgets: [
      { scope: 'global', limit: globalLimit, period: 'day', name: 'all traffic' },
      { scope: 'model', scopeId: 'gpt-4o', limit: '1', period: 'day' },
    ],
    virtualKeys: (config.virtualKeys ?? []).map((vk) =>
      vk.name === 'team-search' ? { ...vk, budget: { limit: '10', period: 'day' } } : vk,
    ),
  };
}

function spentByName(fx: GatewayFixture): Promise<Map<string, string>> {
  const costs = fx.running.gateway.router.costController;
  return Promise.all(
    costs.listBudgets().map(async (budget) => {
      const status = await costs.getBudgetStatus(budget.id);
      return [budget.name ?? budget.scope, status.spent.toFixed()] as const;
    }),
  ).then((entries) => new Map(entries));
}

describe('router state across a config reload', () => {
  let fx: GatewayFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  it('keeps spent budgets, a throttled key and admin budgets; drops config budgets the config dropped', async () => {
    fx = await startFixture({ patch: (config) => withBudgets(config, '100') });
    const first = await post(`${fx.url}/v1/chat/completions`, CHAT);
    expect(first.status).toBe(200);
    const before = await spentByName(fx);
    expect(Number(before.get('all traffic'))).toBeGreaterThan(0);
    expect(before.get('virtual key team-search')).toBe(before.get('all traffic'));

    // The provider refuses the next call for a minute: the key is throttled.
    fx.openai.faults.add({ kind: 'rate_limit', key: CANARY_OPENAI, delayMs: 60_000 });
    await post(`${fx.url}/v1/chat/completions`, CHAT);
    const keyId = fx.running.gateway.router.listKeys().find((key) => key.providerId === 'openai')?.id;
    expect(fx.running.gateway.router.getKey(keyId ?? '')?.state).toBe('throttled');

    const adminMade = await fx.running.gateway.router.costController.createBudget({
      scope: 'provider',
      scopeId: 'openai',
      limit: '7',
      period: 'week',
      enforcementMode: 'soft',
    });
    const oldRouter = fx.running.gateway.router;
    // A new global limit, and the gpt-4o budget removed.
    const next = withBudgets(testConfig(fx.openai.url, fx.anthropic.url), '200');
    next.budgets = next.budgets?.slice(0, 1) ?? [];
    await fx.running.gateway.reload(gatewayConfigSchema.parse(next));

    const router = fx.running.gateway.router;
    expect(router).not.toBe(oldRouter);
    expect(router.getKey(keyId ?? '')?.state).toBe('throttled');
    const after = await spentByName(fx);
    expect(after.get('all traffic')).toBe(before.get('all traffic'));
    expect(after.get('virtual key team-search')).toBe(before.get('virtual key team-search'));
    const budgets = router.costController.listBudgets();
    expect(budgets.find((b) => b.name === 'all traffic')?.limit.toFixed()).toBe('200');
    expect(budgets.some((b) => b.scope === 'model')).toBe(false);
    expect(budgets.find((b) => b.id === adminMade.id)?.limit.toFixed()).toBe('7');
    // all traffic, and the budgets of team-search and team-broke
    expect(budgets.filter((b) => b.id.startsWith(CONFIG_BUDGET_PREFIX))).toHaveLength(3);

    // Reloading the same config again is a no-op for the state: no duplicate budgets, same spend.
    await fx.running.gateway.reload(gatewayConfigSchema.parse(next));
    expect(fx.running.gateway.router.costController.listBudgets()).toHaveLength(4);
    expect((await spentByName(fx)).get('all traffic')).toBe(before.get('all traffic'));
  });

  it('a rejected reload writes nothing to the state and refuses to move the state elsewhere', async () => {
    fx = await startFixture({ patch: (config) => withBudgets(config, '100') });
    const ids = fx.running.gateway.router.costController.listBudgets().map((b) => b.id);
    const bad = withBudgets(testConfig(fx.openai.url, fx.anthropic.url), '300');
    bad.budgets = [...(bad.budgets ?? []), { scope: 'tag', scopeId: 'no-colon', limit: '1', period: 'day' }];
    await expect(fx.running.gateway.reload(gatewayConfigSchema.parse(bad))).rejects.toThrow();
    const kept = fx.running.gateway.router.costController.listBudgets();
    expect(kept.map((b) => b.id).sort()).toEqual([...ids].sort());
    expect(kept.find((b) => b.name === 'all traffic')?.limit.toFixed()).toBe('100');

    const moved = { ...testConfig(fx.openai.url, fx.anthropic.url), redis: { url: 'redis://127.0.0.1:1' } };
    await expect(
      fx.running.gateway.reload(gatewayConfigSchema.parse({ ...moved, state: { store: 'redis' } })),
    ).rejects.toThrow();
    expect(fx.logs.join('\n')).toContain('state.store');
    expect(fx.logs.join('\n')).toContain('needs a restart');
  });
});
