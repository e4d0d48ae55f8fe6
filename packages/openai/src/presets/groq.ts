import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * Groq (`https://api.groq.com/openai/v1`). Its `x-ratelimit-*-requests` headers count requests **per day**
 * (read as `requests_per_day`); `*-tokens` are per minute. Vision only on Llama 4 models.
 *
 * @example
 * await router.registerProvider('groq', groq());
 */
export function groq(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'groq',
      baseURL: 'https://api.groq.com/openai/v1',
      rateLimitDialect: 'groq',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: {
        ...COMPATIBLE_CHAT_CAPABILITIES,
        models: [
          'llama-*',
          'llama3-*',
          'meta-llama/*',
          'gemma*',
          'qwen*',
          'deepseek-r1*',
          'openai/gpt-oss*',
          'moonshotai/*',
        ],
        perModel: { 'meta-llama/llama-4*': { vision: true } },
      },
    },
    options,
  );
}
