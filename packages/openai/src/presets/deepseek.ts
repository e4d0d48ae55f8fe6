import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * DeepSeek (`https://api.deepseek.com/v1`). Cache hits arrive as `prompt_cache_hit_tokens` and become
 * `usage.cachedInputTokens`. `deepseek-reasoner` takes no tools or JSON mode.
 *
 * @example
 * await router.registerProvider('deepseek', deepseek());
 */
export function deepseek(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'deepseek',
      baseURL: 'https://api.deepseek.com/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: {
        ...COMPATIBLE_CHAT_CAPABILITIES,
        models: ['deepseek-chat', 'deepseek-reasoner'],
        perModel: { 'deepseek-reasoner': { tools: false, jsonMode: false } },
      },
    },
    options,
  );
}
