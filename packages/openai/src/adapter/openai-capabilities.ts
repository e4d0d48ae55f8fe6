import type { AdapterCapabilities, ModelCapabilities } from '@apikeyrouter/provider';

const CHAT_ONLY: Partial<ModelCapabilities> = { embeddings: false };
const EMBEDDING_ONLY: Partial<ModelCapabilities> = {
  streaming: false,
  tools: false,
  vision: false,
  jsonMode: false,
  jsonSchema: false,
  embeddings: true,
};

/**
 * What api.openai.com serves through chat completions and embeddings. `perModel` records the exceptions:
 * embedding models do nothing else, gpt-3.5 has no vision or json_schema, o1-mini/o1-preview have no tools,
 * vision or JSON mode.
 *
 * @example
 * resolveModelCapabilities(OPENAI_CAPABILITIES, 'gpt-3.5-turbo').vision; // false
 */
export const OPENAI_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  embeddings: true,
  models: [
    'gpt-4o*',
    'gpt-4.1*',
    'gpt-4-turbo*',
    'gpt-4*',
    'gpt-5*',
    'gpt-3.5-turbo*',
    'chatgpt-4o*',
    'o1*',
    'o3*',
    'o4*',
    'text-embedding-*',
  ],
  perModel: {
    'gpt-*': CHAT_ONLY,
    'chatgpt-*': CHAT_ONLY,
    'o1*': CHAT_ONLY,
    'o3*': CHAT_ONLY,
    'o4*': CHAT_ONLY,
    'gpt-3.5-turbo*': { ...CHAT_ONLY, vision: false, jsonSchema: false },
    'gpt-4-turbo*': { ...CHAT_ONLY, jsonSchema: false },
    'gpt-4': { ...CHAT_ONLY, vision: false, jsonMode: false, jsonSchema: false },
    'gpt-4-0*': { ...CHAT_ONLY, vision: false, jsonMode: false, jsonSchema: false },
    'o1-mini*': { ...CHAT_ONLY, tools: false, vision: false, jsonMode: false, jsonSchema: false },
    'o1-preview*': { ...CHAT_ONLY, tools: false, vision: false, jsonMode: false, jsonSchema: false },
    'text-embedding-*': EMBEDDING_ONLY,
  },
};
