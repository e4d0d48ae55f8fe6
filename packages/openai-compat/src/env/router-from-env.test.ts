import { startFakeProvider } from '@apikeyrouter/testkit';
import { OpenAIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { OpenAI } from '../client/openai-client.js';
import { keysFromEnv } from './env-keys.js';
import { routerFromEnv } from './router-from-env.js';

describe('keysFromEnv', () => {
  it('reads singular and comma-separated plural forms, trimmed and deduplicated', () => {
    expect(
      keysFromEnv({ OPENAI_API_KEY: 'sk-a', OPENAI_API_KEYS: ' sk-b, ,sk-a,sk-c ' }, ['OPENAI_API_KEY']),
    ).toEqual(['sk-a', 'sk-b', 'sk-c']);
    expect(
      keysFromEnv({ GOOGLE_API_KEY: 'g-1', GEMINI_API_KEYS: 'g-2' }, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']),
    ).toEqual(['g-2', 'g-1']);
    expect(keysFromEnv({ OPENAI_API_KEY: '' }, ['OPENAI_API_KEY'])).toEqual([]);
  });
});

describe('routerFromEnv', () => {
  it('registers every provider with keys, one key per listed material, and Ollama from its URL', async () => {
    const { router, ready, declared } = routerFromEnv({
      env: {
        OPENAI_API_KEYS: 'sk-env-one-111,sk-env-two-222',
        ANTHROPIC_API_KEY: 'sk-ant-env-333',
        GOOGLE_API_KEY: 'g-env-key-444',
        GROQ_API_KEY: 'gsk-env-555',
        MISTRAL_API_KEYS: 'mis-env-666',
        OLLAMA_BASE_URL: 'http://127.0.0.1:11434',
      },
    });
    await ready;
    expect(router.listProviders().sort()).toEqual([
      'anthropic',
      'gemini',
      'groq',
      'mistral',
      'ollama',
      'openai',
    ]);
    const byProvider = (id: string) => router.listKeys().filter((key) => key.providerId === id).length;
    expect(byProvider('openai')).toBe(2);
    expect(byProvider('gemini')).toBe(1);
    expect(byProvider('ollama')).toBe(1);
    expect(declared.has('groq')).toBe(true);
    expect(JSON.stringify(router.listKeys())).not.toMatch(/env-(one|two)|ant-env|g-env|gsk-env|mis-env/);
  });

  it('refuses an empty environment and a malformed APIKEYROUTER_TIMEOUT with the SDK error', () => {
    expect(() => routerFromEnv({ env: {} })).toThrow(OpenAIError);
    expect(() => new OpenAI({ env: { OPENAI_API_KEY: '  ' } })).toThrow(/No provider configured/);
    expect(() =>
      routerFromEnv({ env: { OPENAI_API_KEY: 'sk-x-123456', APIKEYROUTER_TIMEOUT: '5s' } }),
    ).toThrow(/APIKEYROUTER_TIMEOUT/);
  });

  it('routes through the base URLs and the timeout given by the environment', async () => {
    const fake = await startFakeProvider({ flavor: 'openai', keys: { 'sk-env-fake-777': { rpm: 100 } } });
    try {
      const client = new OpenAI({
        env: {
          OPENAI_API_KEY: 'sk-env-fake-777',
          OPENAI_BASE_URL: `${fake.url}/v1`,
          APIKEYROUTER_TIMEOUT: '3000',
        },
      });
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'ping' }],
      });
      expect(completion.choices[0]?.message.content).toBe('echo: ping');
      fake.faults.add({ kind: 'timeout', times: 1 });
      await expect(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    } finally {
      await fake.close();
    }
  });

  it('takes the SDK constructor options apiKey and baseURL', async () => {
    const fake = await startFakeProvider({ flavor: 'openai', keys: { 'sk-ctor-key-888': { rpm: 100 } } });
    try {
      const client = new OpenAI({ env: {}, apiKey: 'sk-ctor-key-888', baseURL: `${fake.url}/v1` });
      const res = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(res.model).toBe('openai/gpt-4o');
      expect(res.apikeyrouter.providerId).toBe('openai');
      expect(JSON.stringify(res)).not.toContain('sk-ctor-key-888');
    } finally {
      await fake.close();
    }
  });
});
