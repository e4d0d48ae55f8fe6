declare function notify(s: string): void;
import { CostController, SystemClock } from '@apikeyrouter/core';

const costs = new CostController({
  clock: new SystemClock(),
  onThreshold: (e) => notify(`${e.name ?? e.budgetId}: ${e.threshold * 100}% of $${e.limit} spent`),
});
await costs.createBudget({
  name: 'search team, monthly',
  scope: 'tag',
  scopeId: 'team:search',
  limit: '250.00',
  period: 'month',
  timezone: 'Europe/Berlin',
  enforcementMode: 'hard',
});
export {};
