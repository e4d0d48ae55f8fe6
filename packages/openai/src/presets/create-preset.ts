import type { AdapterCapabilities } from '@apikeyrouter/provider';
import { OpenAIAdapter } from '../adapter/openai-adapter.js';
import type { OpenAIAdapterOptions } from '../adapter/openai-adapter-options.js';

/**
 * Options every preset takes: anything {@link OpenAIAdapterOptions} has; what is given wins over the
 * preset's defaults (`compat` is merged field by field).
 *
 * @example
 * groq({ timeoutMs: 20_000 });
 */
export type PresetOptions = OpenAIAdapterOptions;

/**
 * Capabilities most OpenAI-compatible chat servers have: streaming, tools, JSON mode; no vision or embeddings.
 *
 * @example
 * createPreset({ capabilities: { ...COMPATIBLE_CHAT_CAPABILITIES, vision: true } });
 */
export const COMPATIBLE_CHAT_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: false,
  embeddings: false,
};

/**
 * Capabilities of local inference servers (vLLM, llama.cpp, LM Studio, Ollama): model-dependent, declared broadly.
 *
 * @example
 * vllm({ baseURL, capabilities: { ...LOCAL_SERVER_CAPABILITIES, vision: true } });
 */
export const LOCAL_SERVER_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: true,
  embeddings: true,
};

/**
 * Builds a preset adapter: the preset's defaults, overridden by the caller's options.
 *
 * @example
 * createPreset({ providerId: 'together', baseURL: 'https://api.together.xyz/v1' }, options);
 */
export function createPreset(defaults: OpenAIAdapterOptions, options: PresetOptions = {}): OpenAIAdapter {
  return new OpenAIAdapter({
    ...defaults,
    ...options,
    compat: { ...defaults.compat, ...options.compat },
    headers: { ...defaults.headers, ...options.headers },
  });
}
