import type {
  LanguageModelV3FinishReason,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { FinishReason, ServedRequest, Usage } from '@apikeyrouter/core';

const UNIFIED: Readonly<Record<FinishReason, LanguageModelV3FinishReason['unified']>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
  other: 'other',
};

/**
 * The router's finish reason as the AI SDK's (unified, with the router's own spelling as `raw`).
 *
 * @example
 * toFinishReason('tool_calls'); // { unified: 'tool-calls', raw: 'tool_calls' }
 */
export function toFinishReason(reason: FinishReason): LanguageModelV3FinishReason {
  return { unified: UNIFIED[reason], raw: reason };
}

/**
 * The router's usage as the AI SDK's: `noCache` excludes cache reads and writes, `text` excludes reasoning;
 * details the provider did not report stay undefined rather than zero.
 *
 * @example
 * toUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4 }).inputTokens.noCache; // 6
 */
export function toUsage(usage: Usage): LanguageModelV3Usage {
  const cacheRead = usage.cachedInputTokens;
  const cacheWrite = usage.cacheCreationInputTokens;
  const reasoning = usage.reasoningTokens;
  const raw: Record<string, number> = {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
  };
  if (cacheRead !== undefined) raw.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) raw.cacheCreationInputTokens = cacheWrite;
  if (reasoning !== undefined) raw.reasoningTokens = reasoning;
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache: Math.max(0, usage.inputTokens - (cacheRead ?? 0) - (cacheWrite ?? 0)),
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: usage.outputTokens,
      text: Math.max(0, usage.outputTokens - (reasoning ?? 0)),
      reasoning,
    },
    raw,
  };
}

/**
 * `providerMetadata.apikeyrouter`: key id, provider, served model, cost (decimal string), attempts, request
 * id and the explanation's one-line summary. Never key material.
 *
 * @example
 * const { providerMetadata } = await generateText({ model: akr('gpt-4o-mini'), prompt: 'Hi' });
 * providerMetadata?.apikeyrouter?.keyId;
 */
export function routerMetadata(served: ServedRequest): SharedV3ProviderMetadata {
  return {
    apikeyrouter: {
      keyId: served.keyUsed,
      providerId: served.providerId,
      model: served.model,
      cost: served.cost.amount.toFixed(),
      costKnown: served.cost.known,
      attempts: served.attempts,
      requestId: served.requestId,
      explanation: String(served.explanation),
    },
  };
}
