import { CostController, MemorySpendLedger, estimateUsage, VirtualClock, type RequestIntent as Intent } from '@apikeyrouter/core';
declare const intent: Intent; declare const model: string; declare const keyId: string; declare const context: any;
declare function handle(d: unknown): void; declare function callProvider(): Promise<{ usage: any }>;
const clock = new VirtualClock();
const costs = new CostController({ clock, ledger: new MemorySpendLedger({ retentionMs: 7 * 86_400_000 }) });
export async function f() {
const estimate = estimateUsage(intent);                       // tokens, leaning high
const maxCost = costs.maxCost(model, keyId, estimate);        // worst case in USD, undefined = unknown price
costs.check(context, maxCost);                                // per candidate: sync, no side effects
const held = await costs.reserve(context, maxCost);           // atomic across every matching budget
if (!held.ok) return handle(held.decision);                   // exceeds | downgrade | unknown_cost
try {
  const response = await callProvider();
  await costs.commit(held.reservation, costs.costOf(model, keyId, response.usage) ?? held.reservation.amount);
} catch (error) {
  await costs.release(held.reservation);                      // failure: nothing is spent
  throw error;
}
}
costs.setModelPrice('my-finetune', { inputPerMillion: '0.30', outputPerMillion: '1.20' });
costs.setModelPrice(
  'gpt-4o',
  { inputPerMillion: '2.00', outputPerMillion: '8.00', cachedInputPerMillion: '0.50' },
  { keyId: 'openai_3f9a1c0b7d2e' },
); // a negotiated rate on one key
const p = costs.getModelPrice('gpt-4o', 'openai_3f9a1c0b7d2e'); // { …, source: 'override' }
void p?.source;
const e = costs.estimateCost(intent, 'gpt-4o'); void e?.min; void e?.expected; void e?.max;
void costs.getSpend({ scope: 'tag', scopeId: 'team:search', from: 0, to: 1 });
