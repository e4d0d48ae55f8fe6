import { resolveModelCapabilities } from '@apikeyrouter/provider';
import { startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { collect, KEY, makeCall } from '../adapter/openai-adapter.test-helpers.js';
import { deepseek } from './deepseek.js';
import { fireworks } from './fireworks.js';
import { groq } from './groq.js';
import { llamaCpp } from './llama-cpp.js';
import { lmStudio } from './lm-studio.js';
import { mistral } from './mistral.js';
import { ollamaOpenAI } from './ollama-openai.js';
import { openrouter } from './openrouter.js';
import { perplexity } from './perplexity.js';
import { together } from './together.js';
import { vllm } from './vllm.js';
import { xai } from './xai.js';

describe('preset defaults', () => {
  it.each<[string, () => OpenAIAdapter, string, string]>([
    ['groq', () => groq(), 'groq', 'https://api.groq.com/openai/v1'],
    ['mistral', () => mistral(), 'mistral', 'https://api.mistral.ai/v1'],
    ['together', () => together(), 'together', 'https://api.together.xyz/v1'],
    ['deepseek', () => deepseek(), 'deepseek', 'https://api.deepseek.com/v1'],
    ['openrouter', () => openrouter(), 'openrouter', 'https://openrouter.ai/api/v1'],
    ['fireworks', () => fireworks(), 'fireworks', 'https://api.fireworks.ai/inference/v1'],
    ['xai', () => xai(), 'xai', 'https://api.x.ai/v1'],
    ['perplexity', () => perplexity(), 'perplexity', 'https://api.perplexity.ai'],
    ['vllm', () => vllm({ baseURL: 'http://gpu:8000/v1/' }), 'vllm', 'http://gpu:8000/v1'],
    ['llamaCpp', () => llamaCpp(), 'llama-cpp', 'http://localhost:8080/v1'],
    ['lmStudio', () => lmStudio(), 'lm-studio', 'http://localhost:1234/v1'],
    ['ollamaOpenAI', () => ollamaOpenAI(), 'ollama', 'http://localhost:11434/v1'],
  ])('%s', (_name, make, id, baseURL) => {
    const adapter = make();
    expect(adapter.id).toBe(id);
    expect(adapter.baseURL).toBe(baseURL);
  });

  it('declares the capability differences', () => {
    expect(resolveModelCapabilities(groq().capabilities, 'llama-3.1-8b-instant').vision).toBe(false);
    expect(resolveModelCapabilities(groq().capabilities, 'meta-llama/llama-4-scout-17b').vision).toBe(true);
    expect(resolveModelCapabilities(mistral().capabilities, 'mistral-embed')).toMatchObject({
      embeddings: true,
      tools: false,
    });
    expect(resolveModelCapabilities(mistral().capabilities, 'pixtral-large-latest').vision).toBe(true);
    expect(resolveModelCapabilities(deepseek().capabilities, 'deepseek-reasoner').tools).toBe(false);
    expect(perplexity().capabilities).toMatchObject({ tools: false, jsonMode: false, jsonSchema: true });
    expect(lmStudio().capabilities.jsonMode).toBe(false);
    expect(ollamaOpenAI().capabilities.embeddings).toBe(true);
    expect(xai().embed).toBeTypeOf('function');
  });

  it('lets options override the defaults', () => {
    const adapter = groq({ baseURL: 'http://127.0.0.1:9/openai/v1', providerId: 'groq-eu' });
    expect(adapter.id).toBe('groq-eu');
    expect(adapter.baseURL).toBe('http://127.0.0.1:9/openai/v1');
  });
});

describe('presets against the simulated server', () => {
  it('groq reads x-ratelimit-*-requests as requests per day', async () => {
    const fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpd: 1000, tpm: 6000 } }, flavor: 'groq' });
    try {
      const res = await groq({ baseURL: `${fake.url}/openai/v1` }).execute(
        makeCall({ model: 'llama-3.1-8b-instant', parameters: { maxTokens: 20 } }),
      );
      expect(res.rateLimits?.dimensions).toEqual([
        expect.objectContaining({ dimension: 'requests_per_day', limit: 1000, remaining: 999 }),
        expect.objectContaining({ dimension: 'tokens_per_minute', limit: 6000 }),
      ]);
      expect(fake.received().at(-1)?.body).toMatchObject({ max_tokens: 20 });
    } finally {
      await fake.close();
    }
  });

  it('ollamaOpenAI sends no tool_choice and mistral no stream_options; openrouter sends attribution', async () => {
    const fake = await startOpenAIFakeServer({ keys: { [KEY]: {} } });
    try {
      const tools = [{ name: 'f', parameters: { type: 'object' } }];
      await ollamaOpenAI({ baseURL: `${fake.url}/v1` }).execute(makeCall({ tools, toolChoice: 'required' }));
      const ollamaBody = fake.received().at(-1)?.body as Record<string, unknown>;
      expect(ollamaBody.tools).toHaveLength(1);
      expect(ollamaBody.tool_choice).toBeUndefined();

      const stream = await mistral({ baseURL: `${fake.url}/v1` }).stream(
        makeCall({ model: 'mistral-small-latest' }),
      );
      const parts = await collect(stream.parts);
      expect(fake.received().at(-1)?.body).not.toHaveProperty('stream_options');
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });

      await openrouter({ baseURL: `${fake.url}/v1`, appUrl: 'https://example.com', appName: 'Demo' }).execute(
        makeCall({ model: 'openai/gpt-4o' }),
      );
      expect(fake.received().at(-1)?.headers).toMatchObject({
        'http-referer': 'https://example.com',
        'x-title': 'Demo',
      });
    } finally {
      await fake.close();
    }
  });

  it('a keyless local server gets no Authorization header', async () => {
    const fake = await startOpenAIFakeServer({ keys: { [KEY]: {} } });
    try {
      const error = await llamaCpp({ baseURL: `${fake.url}/v1` })
        .execute(makeCall({}, { apiKey: '' }))
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ category: 'authentication', status: 401 });
      expect((error as Error).message).toContain("didn't provide an API key");
    } finally {
      await fake.close();
    }
  });
});
