import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, LOCAL_SERVER_CAPABILITIES, type PresetOptions } from './create-preset.js';

/**
 * Ollama's OpenAI-compatible `/v1` (default `http://localhost:11434/v1`). It has no `tool_choice`:
 * `'none'` drops the tools, other choices are left to the model. Vision depends on the model.
 *
 * @example
 * await router.registerProvider('ollama', ollamaOpenAI());
 */
export function ollamaOpenAI(options: PresetOptions = {}): OpenAIAdapter {
  return createPreset(
    {
      providerId: 'ollama',
      baseURL: 'http://localhost:11434/v1',
      compat: { maxTokensField: 'max_tokens', toolChoice: false },
      capabilities: { ...LOCAL_SERVER_CAPABILITIES, vision: true },
    },
    options,
  );
}
