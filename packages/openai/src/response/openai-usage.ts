import type { Usage } from '@apikeyrouter/provider';
import type { OpenAIWireUsage } from '../wire/openai-wire-types.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Normalises OpenAI usage, including cached prompt tokens (`prompt_tokens_details.cached_tokens`, or DeepSeek's
 * `prompt_cache_hit_tokens`) and reasoning tokens. Missing counts become 0; a missing total is the sum.
 *
 * @example
 * toUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
 * // { inputTokens: 10, outputTokens: 5, totalTokens: 15 }
 */
export function toUsage(wire: OpenAIWireUsage | null | undefined): Usage {
  const inputTokens = count(wire?.prompt_tokens) ?? 0;
  const outputTokens = count(wire?.completion_tokens) ?? 0;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: count(wire?.total_tokens) ?? inputTokens + outputTokens,
  };
  const cached = count(wire?.prompt_tokens_details?.cached_tokens) ?? count(wire?.prompt_cache_hit_tokens);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  const reasoning = count(wire?.completion_tokens_details?.reasoning_tokens);
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}
