import type { AdapterCapabilities } from '@apikeyrouter/provider';

/**
 * What Ollama supports. `models` is left undefined: Ollama serves whatever has been pulled, so the router
 * sends it a model when the intent names the provider (`ollama/llama3.2`) or a key lists the model. Vision is
 * off by default and on for the multimodal families; the older vision models cannot call tools.
 *
 * @example
 * resolveModelCapabilities(OLLAMA_CAPABILITIES, 'llava:13b').vision; // true
 */
export const OLLAMA_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: true,
  embeddings: true,
  perModel: {
    'llava*': { vision: true, tools: false },
    'bakllava*': { vision: true, tools: false },
    'llama3.2-vision*': { vision: true, tools: false },
    'moondream*': { vision: true, tools: false },
    'minicpm-v*': { vision: true, tools: false },
    'gemma3*': { vision: true, tools: false },
    'gemma3n*': { vision: false, tools: false },
    'granite3.2-vision*': { vision: true },
    'qwen2.5vl*': { vision: true },
    'llama4*': { vision: true },
    'mistral-small3.1*': { vision: true },
  },
};
