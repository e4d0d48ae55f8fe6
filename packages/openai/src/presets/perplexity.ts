import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, type PresetOptions } from './create-preset.js';

/**
 * Perplexity (`https://api.perplexity.ai`, no version path): Sonar models, no tools, structured output only
 * through `json_schema`. Usage comes in every chunk, so no `stream_options` is sent.
 *
 * @example
 * await router.registerProvider('perplexity', perplexity());
 */
export function perplexity(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'perplexity',
      baseURL: 'https://api.perplexity.ai',
      compat: { maxTokensField: 'max_tokens', streamUsage: false, toolChoice: false },
      capabilities: {
        streaming: true,
        tools: false,
        vision: false,
        jsonMode: false,
        jsonSchema: true,
        embeddings: false,
        models: ['sonar*', 'r1-1776'],
      },
    },
    options,
  );
}
