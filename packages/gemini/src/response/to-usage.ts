import type { Usage } from '@apikeyrouter/provider';
import { asNumber, asRecord } from '../wire/json-guards.js';

/**
 * Normalises `usageMetadata`. Gemini's `candidatesTokenCount` leaves out thinking tokens, which are billed as
 * output, so `outputTokens` = candidates + `thoughtsTokenCount`; `inputTokens` = `promptTokenCount` +
 * `toolUsePromptTokenCount`. Cached (`cachedContentTokenCount`) and thinking tokens are reported separately
 * when present. Missing counts are 0.
 *
 * @example
 * toUsage({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 7, totalTokenCount: 22 });
 * // { inputTokens: 10, outputTokens: 12, totalTokens: 22, reasoningTokens: 7 }
 */
export function toUsage(metadata: unknown): Usage {
  const m = asRecord(metadata) ?? {};
  const prompt = asNumber(m.promptTokenCount) ?? 0;
  const toolPrompt = asNumber(m.toolUsePromptTokenCount) ?? 0;
  const candidates = asNumber(m.candidatesTokenCount) ?? 0;
  const thoughts = asNumber(m.thoughtsTokenCount);
  const cached = asNumber(m.cachedContentTokenCount);
  const inputTokens = prompt + toolPrompt;
  const outputTokens = candidates + (thoughts ?? 0);
  const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cached !== undefined) usage.cachedInputTokens = cached;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  return usage;
}
