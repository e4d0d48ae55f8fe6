import type { Decimal } from 'decimal.js';
import type { Usage } from '../../adapter/usage.js';
import { ValidationError } from '../../errors/specific-errors.js';
import type { UsageEstimate } from '../../estimate/estimate-usage.js';
import type { CostEstimate } from '../budget-types.js';
import { addMoney, maxMoney, tokenCost } from '../money.js';
import type { ModelPrice } from './model-price.js';

function tokens(value: number | undefined, path: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`Invalid token count (${path}: must be a finite number >= 0)`, [
      { path, message: 'must be a finite number >= 0' },
    ]);
  }
  return value;
}

/**
 * Worst-case cost of a request whose usage stays within `estimate`: every prompt token at the dearest input
 * rate the model has (a cache write costs more than a plain input token on Anthropic), every output token at
 * the output rate. Reservations hold this much, so a hard budget is never exceeded while usage stays within
 * the estimate.
 *
 * @example
 * worstCaseCost(price, { inputTokens: 1000, outputTokens: 500 });
 */
export function worstCaseCost(price: ModelPrice, estimate: UsageEstimate): Decimal {
  let inputRate = price.inputPerMillion;
  if (price.cachedInputPerMillion) inputRate = maxMoney(inputRate, price.cachedInputPerMillion);
  if (price.cacheWritePerMillion) inputRate = maxMoney(inputRate, price.cacheWritePerMillion);
  return addMoney(
    tokenCost(tokens(estimate.inputTokens, 'inputTokens'), inputRate),
    tokenCost(tokens(estimate.outputTokens, 'outputTokens'), price.outputPerMillion),
  );
}

/**
 * Exact cost of a finished call. `usage.inputTokens` includes cached and cache-write tokens (as adapters
 * normalise it): cache reads are priced at the cached rate, cache writes at the cache-write rate (each
 * falling back to the input rate), the rest at the input rate, output at the output rate.
 *
 * @example
 * usageCost(price, { inputTokens: 1000, cachedInputTokens: 800, outputTokens: 50, totalTokens: 1050 });
 */
export function usageCost(price: ModelPrice, usage: Usage): Decimal {
  const input = tokens(usage.inputTokens, 'inputTokens');
  const cached = Math.min(tokens(usage.cachedInputTokens, 'cachedInputTokens'), input);
  const written = Math.min(
    tokens(usage.cacheCreationInputTokens, 'cacheCreationInputTokens'),
    input - cached,
  );
  const plain = input - cached - written;
  return addMoney(
    tokenCost(plain, price.inputPerMillion),
    tokenCost(cached, price.cachedInputPerMillion ?? price.inputPerMillion),
    tokenCost(written, price.cacheWritePerMillion ?? price.inputPerMillion),
    tokenCost(tokens(usage.outputTokens, 'outputTokens'), price.outputPerMillion),
  );
}

/**
 * Cost range of a request before it is sent: `min` = the prompt alone (at the input rate), `max` = the prompt
 * plus the whole output allowance, `expected` = the prompt plus half the output allowance (replies rarely use
 * all of `maxTokens`; half is a neutral guess, not a measurement).
 *
 * @example
 * intentCostRange(price, estimateUsage(intent)).expected;
 */
export function intentCostRange(price: ModelPrice, estimate: UsageEstimate): CostEstimate {
  const input = tokenCost(tokens(estimate.inputTokens, 'inputTokens'), price.inputPerMillion);
  const outputTokens = tokens(estimate.outputTokens, 'outputTokens');
  return {
    min: input,
    expected: addMoney(input, tokenCost(outputTokens / 2, price.outputPerMillion)),
    max: addMoney(input, tokenCost(outputTokens, price.outputPerMillion)),
  };
}
