/**
 * Budgets without a router: price requests, hold their worst case, commit what they really cost, and watch
 * hard, soft and downgrade budgets act — on a virtual clock, so a month passes in no time.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/budgets/budget-basics.ts
 */
import {
  budgetExceededError,
  CostController,
  estimateUsage,
  PRICING_CHECKED_AT,
  type RequestIntent,
  type SpendContext,
  type Usage,
  VirtualClock,
} from '@apikeyrouter/core';
import type { Decimal } from 'decimal.js';

const usd = (amount: Decimal | undefined) => (amount === undefined ? 'unknown' : `$${amount.toFixed(6)}`);
const when = (instant: number) => new Date(instant).toISOString().replace('T', ' ').slice(0, 16);

// 2026-01-31, 20:00 in Berlin: four hours before the monthly budget resets.
const clock = new VirtualClock({ start: Date.UTC(2026, 0, 31, 19) });
const costs = new CostController({
  clock,
  onThreshold: (e) =>
    console.log(
      `  ! ${e.name}: ${e.threshold * 100}% reached (${usd(e.spent)} of ${usd(e.limit)}, ${e.enforcementMode})`,
    ),
});

console.log(`Catalog prices checked ${PRICING_CHECKED_AT}:`);
for (const model of ['gpt-4o', 'openai/gpt-4o-mini-2024-07-18', 'claude-3-5-haiku-latest', 'my-finetune']) {
  const price = costs.getModelPrice(model);
  console.log(
    `  ${model.padEnd(32)} ${price ? `in ${price.inputPerMillion}/M, out ${price.outputPerMillion}/M` : 'no price'}`,
  );
}
// A negotiated rate on one key, and a price for a model the catalog does not know.
costs.setModelPrice(
  'gpt-4o',
  { inputPerMillion: '2.00', outputPerMillion: '8.00' },
  { keyId: 'openai_team' },
);
costs.setModelPrice('my-finetune', { inputPerMillion: '0.30', outputPerMillion: '1.20' });

const monthly = await costs.createBudget({
  name: 'company monthly',
  scope: 'global',
  limit: '0.012',
  period: 'month',
  timezone: 'Europe/Berlin',
  enforcementMode: 'hard',
});
await costs.createBudget({
  name: 'search team daily',
  scope: 'tag',
  scopeId: 'team:search',
  limit: '0.008',
  period: 'day',
  timezone: 'Europe/Berlin',
  enforcementMode: 'soft',
  thresholds: [0.5, 1],
});
await costs.createBudget({
  name: 'gpt-4o hourly',
  scope: 'model',
  scopeId: 'gpt-4o',
  limit: '0.006',
  period: 'hour',
  enforcementMode: 'downgrade',
  downgradeTo: ['gpt-4o-mini'],
});

const intent: RequestIntent = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Summarise this quarter’s support tickets. '.repeat(40) }],
  parameters: { maxTokens: 400 },
  tags: { team: 'search' },
};
const range = costs.estimateCost(intent);
console.log(
  `\nOne request on gpt-4o: min ${usd(range?.min)}, expected ${usd(range?.expected)}, max ${usd(range?.max)}`,
);

/** One request: check, reserve the worst case, "call" the provider, commit the actual cost. */
async function request(n: number, model: string, keyId: string): Promise<void> {
  const context: SpendContext = { providerId: 'openai', keyId, model, tags: intent.tags };
  const estimate = estimateUsage(intent);
  const maxCost = costs.maxCost(model, keyId, estimate);
  const held = await costs.reserve(context, maxCost);
  if (!held.ok) {
    const { decision } = held;
    if (decision.reason === 'downgrade') {
      console.log(`#${n} ${model}: budget asks to downgrade to ${decision.downgradeTo.join(', ')}`);
      return request(n, decision.downgradeTo[0] ?? model, keyId);
    }
    console.log(`#${n} ${model}: refused — ${budgetExceededError(decision).message}`);
    return;
  }
  // The provider answered with fewer output tokens than allowed; half the prompt was a cache hit.
  const usage: Usage = {
    inputTokens: estimate.inputTokens,
    cachedInputTokens: Math.floor(estimate.inputTokens / 2),
    outputTokens: 250,
    totalTokens: estimate.inputTokens + 250,
  };
  const actual = costs.costOf(model, keyId, usage) ?? held.reservation.amount;
  console.log(`#${n} ${model} on ${keyId}: held ${usd(held.reservation.amount)}, cost ${usd(actual)}`);
  await costs.commit(held.reservation, actual); // thresholds reached fire here
}

console.log(`\n${when(clock.now())} UTC — a request every 10 minutes until the hard budget says no:`);
const plan = [
  ['gpt-4o', 'openai_default'],
  ['gpt-4o', 'openai_team'], // the hourly gpt-4o budget is nearly used: downgrade
  ['gpt-4.1', 'openai_default'],
  ['gpt-4.1', 'openai_team'],
  ['gpt-4.1', 'openai_default'], // the monthly hard budget cannot hold another worst case: refused
] as const;
for (const [i, [model, keyId]] of plan.entries()) {
  await request(i + 1, model, keyId);
  await clock.advance(10 * 60_000);
}

const before = await costs.getBudgetStatus(monthly.id);
console.log(
  `\n${monthly.name}: spent ${usd(before.spent)}, remaining ${usd(before.remaining)}, ` +
    `projected ${usd(before.projectedSpendAtReset)} by ${when(before.resetAt ?? 0)} UTC`,
);

await clock.advanceTo(before.resetAt ?? clock.now());
const after = await costs.getBudgetStatus(monthly.id);
console.log(
  `${when(clock.now())} UTC — new month: spent ${usd(after.spent)}, remaining ${usd(after.remaining)}`,
);
await request(plan.length + 1, 'gpt-4.1', 'openai_default');

console.log('\nSpend by dimension (hourly ledger):');
for (const query of [
  { scope: 'key', scopeId: 'openai_team' },
  { scope: 'key', scopeId: 'openai_default' },
  { scope: 'model', scopeId: 'gpt-4o' },
  { scope: 'model', scopeId: 'gpt-4o-mini' },
  { scope: 'model', scopeId: 'gpt-4.1' },
  { scope: 'tag', scopeId: 'team:search' },
  { scope: 'global' },
] as const) {
  const { total, requests } = await costs.getSpend(query);
  console.log(
    `  ${`${query.scope} ${'scopeId' in query ? query.scopeId : ''}`.padEnd(22)} ${usd(total)} in ${requests} requests`,
  );
}
