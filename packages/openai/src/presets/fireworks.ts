import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * Fireworks AI (`https://api.fireworks.ai/inference/v1`): models named `accounts/fireworks/models/…`,
 * JSON schema output and embeddings.
 *
 * @example
 * await router.registerProvider('fireworks', fireworks());
 */
export function fireworks(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'fireworks',
      baseURL: 'https://api.fireworks.ai/inference/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: {
        ...COMPATIBLE_CHAT_CAPABILITIES,
        jsonSchema: true,
        embeddings: true,
        models: ['accounts/*'],
      },
    },
    options,
  );
}
