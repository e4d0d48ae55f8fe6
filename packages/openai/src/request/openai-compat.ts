/**
 * Differences between OpenAI and the servers that imitate it, as far as the request body is concerned.
 *
 * @example
 * const compat: OpenAICompat = { toolChoice: false, maxTokensField: 'max_tokens' }; // Ollama /v1
 */
export interface OpenAICompat {
  /**
   * Whether the server accepts `tool_choice`. When false, `'none'` drops the tools and any other choice is
   * left to the model (Ollama /v1). Default true.
   * @example { toolChoice: false }
   */
  toolChoice?: boolean;
  /**
   * Whether to ask for a final usage chunk in streams (`stream_options.include_usage`). Default true.
   * @example { streamUsage: false }
   */
  streamUsage?: boolean;
  /**
   * Field carrying `parameters.maxTokens`. OpenAI's reasoning models only take `max_completion_tokens`;
   * most compatible servers only know `max_tokens`; `auto` picks `max_completion_tokens` for reasoning
   * models (`o1…`, `o3…`, `o4…`, `gpt-5…`) and `max_tokens` otherwise (Azure, whose older API versions lack
   * the new field). Default `max_completion_tokens`.
   * @example { maxTokensField: 'max_tokens' }
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens' | 'auto';
}
