/**
 * Token usage of one call, normalised across providers.
 *
 * @example
 * const usage: Usage = { inputTokens: 12, outputTokens: 30, totalTokens: 42 };
 */
export interface Usage {
  /** Prompt tokens, including cached ones. */
  inputTokens: number;
  /** Completion tokens, including reasoning tokens. */
  outputTokens: number;
  /** inputTokens + outputTokens. */
  totalTokens: number;
  /** Prompt tokens served from the provider's cache (cheaper), when reported. */
  cachedInputTokens?: number;
  /** Prompt tokens written to the provider's cache (Anthropic), when reported. */
  cacheCreationInputTokens?: number;
  /** Hidden reasoning tokens (part of outputTokens), when reported. */
  reasoningTokens?: number;
}
