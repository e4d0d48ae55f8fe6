import { ApiKeyRouter, type KeyInfo, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

export const CANARY = 'sk-canary-dash-5e1f0a9c-SECRET';

/** A router on a virtual clock with fake `openai` keys (one of them a canary), prices and two budgets. */
export async function dashboardRouter(clock = new VirtualClock({ autoAdvance: true })) {
  const router = new ApiKeyRouter({ clock });
  const adapter = new FakeAdapter({
    id: 'openai',
    clock,
    keys: { [CANARY]: { latencyMs: 300, rpm: 100 }, 'sk-prod-b-000001': { latencyMs: 200 } },
  });
  await router.registerProvider('openai', adapter);
  const keys: Record<string, KeyInfo> = {
    primary: await router.registerKey(CANARY, 'openai', {
      label: 'primary',
      limits: { rpm: 60, tpm: 90_000 },
    }),
    backup: await router.registerKey('sk-prod-b-000001', 'openai', { label: 'backup', limits: { rpm: 30 } }),
  };
  router.costController.setModelPrice('gpt-4o-mini', { inputPerMillion: '150', outputPerMillion: '600' });
  await router.costController.createBudget({
    scope: 'global',
    limit: '5',
    period: 'day',
    enforcementMode: 'hard',
    name: 'daily cap',
  });
  await router.costController.createBudget({
    scope: 'tag',
    scopeId: 'team:search',
    limit: '2',
    period: 'month',
    enforcementMode: 'soft',
  });
  return { clock, router, adapter, keys };
}

/** Routes `n` small requests tagged for the search team, `spacingMs` of router time apart. */
export async function traffic(router: ApiKeyRouter, n: number, spacingMs = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    if (i > 0 && spacingMs > 0) await (router.clock as VirtualClock).advance(spacingMs);
    await router.route(
      {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `question ${i}` }],
        parameters: { maxTokens: 40 },
        tags: { team: 'search' },
      },
      'cost',
    );
  }
}
