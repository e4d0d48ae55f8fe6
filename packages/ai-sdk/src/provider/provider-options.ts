import type { ApiKeyRouter, ObjectiveInput } from '@apikeyrouter/core';

/**
 * Options of {@link createApiKeyRouter}.
 *
 * @example
 * const akr = createApiKeyRouter({ router, objective: 'cost', fallbackModels: ['anthropic/claude-3-5-haiku-latest'] });
 */
export interface ApiKeyRouterProviderOptions {
  /** The router every call goes through. */
  router: ApiKeyRouter;
  /** Routing objective for every call (per call: `providerOptions.apikeyrouter.objective`). */
  objective?: ObjectiveInput;
  /** Models to fall back to, in order, for language-model calls. */
  fallbackModels?: string[];
  /** Models to fall back to for embedding calls. */
  embeddingFallbackModels?: string[];
  /** Tags for budgets and reports on every call (merged with per-call tags). */
  tags?: Record<string, string>;
}

/**
 * Per-call settings under `providerOptions.apikeyrouter` (they win over the provider's).
 *
 * @example
 * await generateText({ model: akr('gpt-4o-mini'), prompt, providerOptions: { apikeyrouter: { objective: 'latency', tags: { team: 'search' } } } });
 */
export interface ApiKeyRouterCallOptions {
  /** Objective for this call. */
  objective?: ObjectiveInput;
  /** Fallback models for this call. */
  fallbackModels?: string[];
  /** Tags for this call. */
  tags?: Record<string, string>;
  /** Deadline for this call in ms, failover included. */
  deadlineMs?: number;
  /** Most provider calls for this call. */
  maxAttempts?: number;
}
