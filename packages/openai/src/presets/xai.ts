import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * xAI (`https://api.x.ai/v1`): Grok models; images on the vision and Grok 4 models.
 *
 * @example
 * await router.registerProvider('xai', xai());
 */
export function xai(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'xai',
      baseURL: 'https://api.x.ai/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: {
        ...COMPATIBLE_CHAT_CAPABILITIES,
        jsonSchema: true,
        models: ['grok-*'],
        perModel: { 'grok-2-vision*': { vision: true }, 'grok-4*': { vision: true } },
      },
    },
    options,
  );
}
