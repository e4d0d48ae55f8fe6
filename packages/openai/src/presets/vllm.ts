import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, LOCAL_SERVER_CAPABILITIES, type PresetOptions } from './create-preset.js';

/**
 * A vLLM server (`vllm serve …`, OpenAI-compatible on `/v1`). Keyless unless started with `--api-key`;
 * register a key (any string, or `''`) all the same.
 *
 * @example
 * await router.registerProvider('vllm', vllm({ baseURL: 'http://gpu-box:8000/v1' }));
 */
export function vllm(options: PresetOptions & { baseURL: string }): OpenAIAdapter {
  return createPreset(
    { providerId: 'vllm', compat: { maxTokensField: 'max_tokens' }, capabilities: LOCAL_SERVER_CAPABILITIES },
    options,
  );
}
