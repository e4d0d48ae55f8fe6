import type { Decimal } from 'decimal.js';
import { LRUCache } from 'lru-cache';
import type { UsageEstimate } from '../../estimate/estimate-usage.js';
import { worstCaseCost } from './cost-math.js';
import type { ModelPrice } from './model-price.js';

/**
 * Worst-case costs memoised per price object and usage estimate: requests repeat their shape (same prompt size
 * class, same maxTokens), and the check runs for every candidate of every request. Bounded: 256 estimates per
 * price, and a price that is replaced or dropped takes its entries with it (weak map).
 *
 * @example
 * const memo = new WorstCaseMemo();
 * memo.cost(price, { inputTokens: 120, outputTokens: 64 }); // Decimal
 */
export class WorstCaseMemo {
  readonly #byPrice = new WeakMap<ModelPrice, LRUCache<string, Decimal>>();

  /** The worst-case cost of `estimate` at `price`, computed once per (price, estimate). */
  cost(price: ModelPrice, estimate: UsageEstimate): Decimal {
    const memoKey = `${estimate.inputTokens}:${estimate.outputTokens}`;
    let byEstimate = this.#byPrice.get(price);
    if (!byEstimate) {
      byEstimate = new LRUCache<string, Decimal>({ max: 256 });
      this.#byPrice.set(price, byEstimate);
    }
    let cost = byEstimate.get(memoKey);
    if (!cost) {
      cost = worstCaseCost(price, estimate);
      byEstimate.set(memoKey, cost);
    }
    return cost;
  }
}
