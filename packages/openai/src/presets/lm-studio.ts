import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, LOCAL_SERVER_CAPABILITIES, type PresetOptions } from './create-preset.js';

/**
 * LM Studio's local server (default `http://localhost:1234/v1`). Structured output only via `json_schema`.
 *
 * @example
 * await router.registerProvider('lm-studio', lmStudio());
 */
export function lmStudio(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'lm-studio',
      baseURL: 'http://localhost:1234/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: { ...LOCAL_SERVER_CAPABILITIES, jsonMode: false },
    },
    options,
  );
}
