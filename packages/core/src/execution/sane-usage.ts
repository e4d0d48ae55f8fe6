import type { Usage } from '../adapter/usage.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Usage as the ledgers accept it: whole, finite, non-negative token counts. A buggy adapter reporting NaN or
 * negative tokens must not make the commit throw and leave a quota or budget reservation held.
 *
 * @example
 * saneUsage({ inputTokens: Number.NaN, outputTokens: 3, totalTokens: 3 }); // { inputTokens: 0, outputTokens: 3, totalTokens: 3 }
 */
export function saneUsage(usage: Usage): Usage {
  const inputTokens = count(usage?.inputTokens);
  const outputTokens = count(usage?.outputTokens);
  const sane: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (usage?.cachedInputTokens !== undefined)
    sane.cachedInputTokens = Math.min(count(usage.cachedInputTokens), inputTokens);
  if (usage?.cacheCreationInputTokens !== undefined) {
    sane.cacheCreationInputTokens = Math.min(count(usage.cacheCreationInputTokens), inputTokens);
  }
  if (usage?.reasoningTokens !== undefined)
    sane.reasoningTokens = Math.min(count(usage.reasoningTokens), outputTokens);
  return sane;
}
