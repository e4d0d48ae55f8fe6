import { resolveModelCapabilities } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { OLLAMA_CAPABILITIES } from './ollama-capabilities.js';

describe('OLLAMA_CAPABILITIES', () => {
  it('serves any model (no list) with embeddings, JSON schema and streaming', () => {
    expect(OLLAMA_CAPABILITIES.models).toBeUndefined();
    expect(OLLAMA_CAPABILITIES).toMatchObject({
      streaming: true,
      tools: true,
      jsonMode: true,
      jsonSchema: true,
      embeddings: true,
    });
  });

  it.each([
    ['llama3.2', false, true],
    ['llama3.2-vision:11b', true, false],
    ['llava:13b', true, false],
    ['gemma3:4b', true, false],
    ['gemma3n:e4b', false, false],
    ['qwen2.5vl:7b', true, true],
    ['mistral-small3.1', true, true],
  ])('%s → vision %s, tools %s', (model, vision, tools) => {
    const caps = resolveModelCapabilities(OLLAMA_CAPABILITIES, model);
    expect([caps.vision, caps.tools]).toEqual([vision, tools]);
  });
});
