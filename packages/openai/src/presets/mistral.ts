import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { COMPATIBLE_CHAT_CAPABILITIES, createPreset, type PresetOptions } from './create-preset.js';

/**
 * Mistral La Plateforme (`https://api.mistral.ai/v1`). Its `x-ratelimitbysize-*-minute` headers are read
 * as tokens per minute when present. It rejects unknown fields, so no `stream_options` is sent (Mistral puts
 * usage in its last chunk anyway). `seed` is not mapped to Mistral's `random_seed`.
 *
 * @example
 * await router.registerProvider('mistral', mistral());
 */
export function mistral(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'mistral',
      baseURL: 'https://api.mistral.ai/v1',
      compat: { maxTokensField: 'max_tokens', streamUsage: false },
      capabilities: {
        ...COMPATIBLE_CHAT_CAPABILITIES,
        jsonSchema: true,
        embeddings: true,
        models: ['mistral-*', 'open-mistral*', 'codestral*', 'pixtral*', 'ministral*', 'magistral*'],
        perModel: {
          'mistral-*': { embeddings: false },
          'pixtral*': { vision: true, embeddings: false },
          'mistral-medium*': { vision: true, embeddings: false },
          'mistral-small*': { vision: true, embeddings: false },
          'mistral-embed': {
            streaming: false,
            tools: false,
            jsonMode: false,
            jsonSchema: false,
            embeddings: true,
          },
        },
      },
    },
    options,
  );
}
