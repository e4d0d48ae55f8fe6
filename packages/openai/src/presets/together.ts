import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * Together AI (`https://api.together.xyz/v1`): chat and embeddings for open models (`meta-llama/…`,
 * `Qwen/…`); which models take tools or images varies, so list them per key.
 *
 * @example
 * await router.registerProvider('together', together());
 */
export function together(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'together',
      baseURL: 'https://api.together.xyz/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: { ...COMPATIBLE_CHAT_CAPABILITIES, jsonSchema: true, embeddings: true },
    },
    options,
  );
}
