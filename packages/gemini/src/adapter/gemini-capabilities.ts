import type { AdapterCapabilities, ModelCapabilities } from '@apikeyrouter/provider';

const EMBEDDING_ONLY: Partial<ModelCapabilities> = {
  streaming: false,
  tools: false,
  vision: false,
  jsonMode: false,
  jsonSchema: false,
  embeddings: true,
};

/**
 * What the Gemini API offers through this adapter. Chat models stream, call tools, see images (inline data or
 * Files API URIs, not web URLs), and do JSON mode and JSON-schema output; embedding models only embed; Gemma
 * models have no tools or JSON mode on this API (their system prompt is folded into the first user turn).
 *
 * @example
 * resolveModelCapabilities(GEMINI_CAPABILITIES, 'gemini-embedding-001').streaming; // false
 */
export const GEMINI_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  embeddings: true,
  models: ['gemini-*', 'gemma-*', 'text-embedding-00*', 'embedding-*'],
  perModel: {
    'gemini-*': { embeddings: false },
    'gemma-*': { tools: false, jsonMode: false, jsonSchema: false, embeddings: false },
    'gemini-embedding-*': EMBEDDING_ONLY,
    'text-embedding-00*': EMBEDDING_ONLY,
    'embedding-*': EMBEDDING_ONLY,
  },
};
