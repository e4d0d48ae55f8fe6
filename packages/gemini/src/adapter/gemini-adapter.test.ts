import { resolveModelCapabilities } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { GeminiAdapter } from './gemini-adapter.js';

const NOW = Date.UTC(2026, 0, 1);

describe('GeminiAdapter.parseRateLimits', () => {
  const adapter = new GeminiAdapter();
  const table: Array<[string, Record<string, string>, unknown]> = [
    ['no headers (what Gemini sends)', {}, { dimensions: [] }],
    [
      'OpenAI-style headers are not Gemini facts',
      { 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-reset-requests': '1s' },
      { dimensions: [] },
    ],
    ['retry-after in seconds (from a proxy)', { 'retry-after': '3' }, { dimensions: [], retryAfterMs: 3000 }],
    [
      'retry-after-ms wins over retry-after',
      { 'retry-after-ms': '150', 'retry-after': '3' },
      { dimensions: [], retryAfterMs: 150 },
    ],
    [
      'retry-after as an HTTP date',
      { 'retry-after': new Date(NOW + 5000).toUTCString() },
      { dimensions: [], retryAfterMs: 5000 },
    ],
    ['unparseable retry-after', { 'retry-after': 'soon' }, { dimensions: [] }],
  ];
  it.each(table)('%s', (_name, headers, expected) => {
    expect(adapter.parseRateLimits(new Headers(headers), NOW)).toEqual(expected);
  });
});

describe('GeminiAdapter.capabilities', () => {
  const { capabilities } = new GeminiAdapter();
  const table: Array<[string, Record<string, boolean>]> = [
    [
      'gemini-2.5-flash',
      { streaming: true, tools: true, vision: true, jsonMode: true, jsonSchema: true, embeddings: false },
    ],
    [
      'gemma-3-27b-it',
      { streaming: true, tools: false, vision: true, jsonMode: false, jsonSchema: false, embeddings: false },
    ],
    [
      'gemini-embedding-001',
      { streaming: false, tools: false, vision: false, jsonMode: false, embeddings: true },
    ],
    ['text-embedding-004', { streaming: false, tools: false, embeddings: true }],
  ];
  it.each(table)('%s', (model, expected) => {
    expect(resolveModelCapabilities(capabilities, model)).toMatchObject(expected);
  });

  it('declares the model families it serves and its id', () => {
    expect(capabilities.models).toEqual(['gemini-*', 'gemma-*', 'text-embedding-00*', 'embedding-*']);
    expect(new GeminiAdapter().id).toBe('gemini');
  });
});
