import type { AdapterCapabilities, ModelCapabilities } from '@apikeyrouter/provider';

const LEGACY: Partial<ModelCapabilities> = {
  tools: false,
  vision: false,
  jsonMode: false,
  jsonSchema: false,
};

/**
 * What the Anthropic Messages API offers. JSON output (`json` and `json_schema`) is emulated with a forced
 * answer tool, so it needs tool use: the pre-Claude-3 models (no tools, no images) declare neither.
 * Anthropic has no embeddings endpoint.
 *
 * @example
 * resolveModelCapabilities(ANTHROPIC_CAPABILITIES, 'claude-2.1').tools; // false
 */
export const ANTHROPIC_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  embeddings: false,
  models: ['claude-*'],
  perModel: {
    'claude-2*': LEGACY,
    'claude-instant*': LEGACY,
  },
};
