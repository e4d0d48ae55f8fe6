import { CostController, parseIntent, QuotaAwarenessEngine, SystemClock, estimateUsage, Decimal } from '@apikeyrouter/core';
const clock = new SystemClock();
const INTENT = { model: 'gpt-bench', messages: [{ role: 'user' as const, content: 'Summarise the plot of Hamlet in one sentence.' }], parameters: { maxTokens: 64 } };
function time(name: string, n: number, fn: () => unknown) { for (let i = 0; i < 2000; i++) fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs'); }
async function timeAsync(name: string, n: number, fn: () => Promise<unknown>) { for (let i = 0; i < 2000; i++) await fn(); const t = performance.now(); for (let i = 0; i < n; i++) await fn(); console.log(name, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs'); }
time('parseIntent', 20000, () => parseIntent(INTENT));
time('abort+timer', 20000, () => { const c = new AbortController(); const h = clock.setTimeout(() => c.abort(), 1000); clock.clearTimeout(h); });
time('randomUUID', 20000, () => crypto.randomUUID());
const intent = parseIntent(INTENT);
time('estimateUsage', 20000, () => estimateUsage(intent));
const quota = new QuotaAwarenessEngine({ clock });
quota.registerKey('k1'); const est = estimateUsage(intent);
for (let i = 0; i < 10; i++) { const r = await quota.reserve('k1', est); if (r.ok) await quota.commit(r.reservation, { inputTokens: 10, outputTokens: 10, totalTokens: 20 }, { dimensions: [{ dimension: 'requests_per_minute', limit: 1e9, remaining: 1e9 }] }); }
time('quota.check', 20000, () => quota.check('k1', est));
await timeAsync('quota.reserve+commit', 20000, async () => { const r = await quota.reserve('k1', est); if (r.ok) await quota.commit(r.reservation, { inputTokens: 10, outputTokens: 10, totalTokens: 20 }); });
const costs = new CostController({ clock });
costs.setModelPrice('gpt-bench', { inputPerMillion: '1', outputPerMillion: '2' });
const ctx = { providerId: 'p', keyId: 'k1', model: 'gpt-bench', tags: {} };
time('costs.maxCost', 20000, () => costs.maxCost('gpt-bench', 'k1', est));
time('costs.listBudgets', 20000, () => costs.listBudgets());
await timeAsync('costs.reserve+commit', 20000, async () => { const r = await costs.reserve(ctx, new Decimal('0.001')); if (r.ok) await costs.commit(r.reservation, new Decimal('0.0005')); });
time('costs.costOf', 20000, () => costs.costOf('gpt-bench', 'k1', { inputTokens: 10, outputTokens: 10, totalTokens: 20 }));
