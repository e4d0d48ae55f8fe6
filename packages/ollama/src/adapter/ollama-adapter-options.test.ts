import { afterEach, describe, expect, it } from 'vitest';
import { OllamaAdapter } from './ollama-adapter.js';
import { DEFAULT_OLLAMA_BASE_URL, resolveOllamaBaseURL } from './ollama-adapter-options.js';

describe('resolveOllamaBaseURL', () => {
  it.each<[string | undefined, Record<string, string | undefined>, string]>([
    [undefined, {}, DEFAULT_OLLAMA_BASE_URL],
    [undefined, { OLLAMA_BASE_URL: '' }, DEFAULT_OLLAMA_BASE_URL],
    [undefined, { OLLAMA_BASE_URL: 'http://gpu:11434/' }, 'http://gpu:11434'],
    ['http://explicit:1', { OLLAMA_BASE_URL: 'http://env:2' }, 'http://explicit:1'],
    ['gpu-box:11434//', {}, 'http://gpu-box:11434'],
    ['https://proxy.example/ollama/', {}, 'https://proxy.example/ollama'],
  ])('%s with env %j → %s', (explicit, env, expected) => {
    expect(resolveOllamaBaseURL(explicit, env)).toBe(expected);
  });
});

describe('OllamaAdapter base URL', () => {
  const saved = process.env.OLLAMA_BASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = saved;
  });

  it('reads OLLAMA_BASE_URL once, in the constructor', () => {
    process.env.OLLAMA_BASE_URL = 'http://first:11434';
    const adapter = new OllamaAdapter();
    process.env.OLLAMA_BASE_URL = 'http://second:11434';
    expect(adapter.baseURL).toBe('http://first:11434');
    expect(new OllamaAdapter().baseURL).toBe('http://second:11434');
    delete process.env.OLLAMA_BASE_URL;
    expect(new OllamaAdapter().baseURL).toBe('http://localhost:11434');
    expect(new OllamaAdapter({ providerId: 'gpu-box' }).id).toBe('gpu-box');
  });
});
