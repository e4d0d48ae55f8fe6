import type { Usage } from '@apikeyrouter/provider';
import type { AnthropicUsage } from '../wire/anthropic-response-types.js';

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Normalises Anthropic usage. Anthropic's `input_tokens` excludes cache reads and writes, so `inputTokens`
 * adds them back; `cachedInputTokens` is the cache read, `cacheCreationInputTokens` the cache write, and
 * `reasoningTokens` comes from `output_tokens_details.thinking_tokens` when present.
 *
 * @example
 * toUsage({ input_tokens: 10, cache_read_input_tokens: 2000, output_tokens: 5 });
 * // { inputTokens: 2010, outputTokens: 5, totalTokens: 2015, cachedInputTokens: 2000 }
 */
export function toUsage(usage: AnthropicUsage | null | undefined): Usage {
  const read = count(usage?.cache_read_input_tokens);
  const created = count(usage?.cache_creation_input_tokens);
  const inputTokens = count(usage?.input_tokens) + read + created;
  const outputTokens = count(usage?.output_tokens);
  const result: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (usage?.cache_read_input_tokens != null) result.cachedInputTokens = read;
  if (usage?.cache_creation_input_tokens != null) result.cacheCreationInputTokens = created;
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.reasoningTokens = count(thinking);
  return result;
}
