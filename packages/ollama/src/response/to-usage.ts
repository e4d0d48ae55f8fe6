import type { Usage } from '@apikeyrouter/provider';
import type { OllamaChatResponse } from '../wire/ollama-wire-types.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Usage from Ollama's final counts. Older releases omit `prompt_eval_count` when the whole prompt was served
 * from the KV cache; that reads as 0 input tokens (Ollama reports no separate cached count).
 *
 * @example
 * toUsage({ prompt_eval_count: 26, eval_count: 298 }); // { inputTokens: 26, outputTokens: 298, totalTokens: 324 }
 */
export function toUsage(body: Pick<OllamaChatResponse, 'prompt_eval_count' | 'eval_count'>): Usage {
  const inputTokens = count(body.prompt_eval_count);
  const outputTokens = count(body.eval_count);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
