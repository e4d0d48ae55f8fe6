import type { FinishReason, Usage } from '@apikeyrouter/provider';

/**
 * OpenAI's `usage` object as the gateway and the drop-in client send it back (the inverse of `toUsage`).
 *
 * @example
 * const usage: OpenAIUsageBody = { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 };
 */
export interface OpenAIUsageBody {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/**
 * A `finish_reason` OpenAI's SDKs know.
 *
 * @example
 * const reason: OpenAIFinishReason = 'tool_calls';
 */
export type OpenAIFinishReason = Exclude<FinishReason, 'error' | 'other'>;

/**
 * The router's finish reason as OpenAI spells it (the inverse of `toFinishReason`). `error` and `other` have no
 * OpenAI equivalent and read as `stop`, so an OpenAI client never meets a value its types do not allow.
 *
 * @example
 * toOpenAIFinishReason('tool_calls'); // 'tool_calls'
 * toOpenAIFinishReason('other'); // 'stop'
 */
export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  return reason === 'error' || reason === 'other' ? 'stop' : reason;
}

/**
 * The router's usage as OpenAI's `usage` object (the inverse of `toUsage`): cached input and reasoning tokens go
 * in the details objects, present only when known.
 *
 * @example
 * toOpenAIUsage({ inputTokens: 3, outputTokens: 5, totalTokens: 8 }).total_tokens; // 8
 */
export function toOpenAIUsage(usage: Usage): OpenAIUsageBody {
  const out: OpenAIUsageBody = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.cachedInputTokens !== undefined)
    out.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined)
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}
