import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, LOCAL_SERVER_CAPABILITIES, type PresetOptions } from './create-preset.js';

/**
 * llama.cpp's `llama-server` (default `http://localhost:8080/v1`). Tools need `--jinja`.
 *
 * @example
 * await router.registerProvider('llama-cpp', llamaCpp());
 */
export function llamaCpp(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'llama-cpp',
      baseURL: 'http://localhost:8080/v1',
      compat: { maxTokensField: 'max_tokens' },
      capabilities: LOCAL_SERVER_CAPABILITIES,
    },
    options,
  );
}
