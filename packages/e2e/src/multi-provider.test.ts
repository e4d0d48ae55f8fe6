import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter, RouterError, type RouteStreamChunk } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';
import { OllamaAdapter } from '@apikeyrouter/ollama';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const CANARIES = ['sk-e2e-openai-canary-1', 'sk-ant-e2e-canary-1', 'AIza-e2e-canary-1'];
let servers: FakeProvider[] = [];

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

type Faults = Parameters<typeof startFakeProvider>[0]['faults'];

async function fourProviders(openaiFaults: Faults = [], anthropicFaults: Faults = []) {
  const openai = await startFakeProvider({
    flavor: 'openai',
    keys: { [CANARIES[0] as string]: { rpm: 100 } },
    faults: openaiFaults,
  });
  const anthropic = await startFakeProvider({
    flavor: 'anthropic',
    keys: { [CANARIES[1] as string]: { rpm: 100 } },
    faults: anthropicFaults,
  });
  const gemini = await startFakeProvider({
    flavor: 'gemini',
    keys: { [CANARIES[2] as string]: { rpm: 100 } },
  });
  const ollama = await startFakeProvider({ flavor: 'ollama', keys: {} });
  servers = [openai, anthropic, gemini, ollama];
  const router = new ApiKeyRouter({
    defaults: { deadlineMs: 10_000, retry: { baseDelayMs: 10, maxDelayMs: 20 } },
  });
  await router.registerProvider(
    'openai',
    new OpenAIAdapter({ baseURL: `${openai.url}/v1`, timeoutMs: 2_000 }),
  );
  await router.registerProvider(
    'anthropic',
    new AnthropicAdapter({ baseURL: anthropic.url, timeoutMs: 2_000 }),
  );
  await router.registerProvider('gemini', new GeminiAdapter({ baseURL: gemini.url, timeoutMs: 2_000 }));
  await router.registerProvider('ollama', new OllamaAdapter({ baseURL: ollama.url, timeoutMs: 2_000 }));
  await router.registerKey(CANARIES[0] as string, 'openai');
  await router.registerKey(CANARIES[1] as string, 'anthropic');
  await router.registerKey(CANARIES[2] as string, 'gemini');
  await router.registerKey('ollama-local', 'ollama');
  return { router, openai, anthropic, gemini, ollama };
}

const ask = (model: string, fallbackModels?: string[]) => ({
  model,
  messages: [{ role: 'user' as const, content: 'ping' }],
  parameters: { maxTokens: 20 },
  ...(fallbackModels ? { fallbackModels } : {}),
});

describe('one router, four real adapters, four simulated wire formats', () => {
  it('routes to each provider by model name and reports exact usage and cost', async () => {
    const { router } = await fourProviders();
    for (const [model, provider] of [
      ['gpt-4o-mini', 'openai'],
      ['anthropic/claude-3-5-haiku-latest', 'anthropic'],
      ['gemini/gemini-2.5-flash', 'gemini'],
      ['ollama/llama3.2', 'ollama'],
    ] as const) {
      const res = await router.route(ask(model), 'cost');
      expect(res.providerId).toBe(provider);
      expect(res.content.length).toBeGreaterThan(0);
      expect(res.usage.totalTokens).toBe(res.usage.inputTokens + res.usage.outputTokens);
      if (provider !== 'ollama') expect(res.cost.known).toBe(true);
    }
  });

  it('falls back across providers when the primary keeps failing', async () => {
    const { router, openai } = await fourProviders([{ kind: 'overloaded', times: 20 }]);
    const res = await router.route(
      ask('gpt-4o-mini', ['anthropic/claude-3-5-haiku-latest', 'gemini/gemini-2.5-flash']),
      'cost',
      {
        maxAttempts: 4,
      },
    );
    expect(res.providerId).toBe('anthropic');
    expect(res.explanation.attempts.map((a) => a.outcome)).toContain('error');
    expect(Object.values(openai.stats()).reduce((n, s) => n + s.requests, 0)).toBeGreaterThan(0);
  });

  it('streams from each flavor and ends with usage and cost', async () => {
    const { router } = await fourProviders();
    for (const model of [
      'gpt-4o-mini',
      'anthropic/claude-3-5-haiku-latest',
      'gemini/gemini-2.5-flash',
      'ollama/llama3.2',
    ]) {
      const chunks: RouteStreamChunk[] = [];
      for await (const chunk of router.routeStream(ask(model), 'latency')) chunks.push(chunk);
      const finish = chunks.at(-1);
      expect(finish?.type).toBe('finish');
      if (finish?.type !== 'finish') continue;
      const text = chunks.map((c) => (c.type === 'text-delta' ? c.text : '')).join('');
      expect(finish.content).toBe(text);
      expect(finish.usage.outputTokens).toBeGreaterThan(0);
    }
  });

  it('fails over a stream to another provider when the first errors after HTTP 200, before any text', async () => {
    const { router } = await fourProviders([], [{ kind: 'error_after_200', stream: true }]);
    const chunks: RouteStreamChunk[] = [];
    for await (const chunk of router.routeStream(
      ask('anthropic/claude-3-5-haiku-latest', ['gpt-4o-mini']),
      'cost',
    )) {
      chunks.push(chunk);
    }
    const finish = chunks.at(-1);
    expect(finish?.type === 'finish' && finish.providerId).toBe('openai');
    expect(
      finish?.type === 'finish' && finish.explanation.attempts.map((a) => [a.providerId, a.outcome]),
    ).toEqual([
      ['anthropic', 'error'],
      ['openai', 'success'],
    ]);
  });

  it('ends a stream with a typed error when the provider fails after text reached the caller', async () => {
    const { router } = await fourProviders([{ kind: 'error_after_200', stream: true }]);
    const chunks: RouteStreamChunk[] = [];
    const error = await (async () => {
      for await (const chunk of router.routeStream(
        ask('gpt-4o-mini', ['anthropic/claude-3-5-haiku-latest']),
        'cost',
      )) {
        chunks.push(chunk);
      }
    })().catch((e: unknown) => e);
    expect(chunks.some((c) => c.type === 'text-delta')).toBe(true);
    expect(RouterError.isInstance(error)).toBe(true);
    expect((error as RouterError).providerId).toBe('openai');
  });

  it('embeds through the OpenAI, Gemini and Ollama adapters', async () => {
    const { router } = await fourProviders();
    for (const [model, provider] of [
      ['text-embedding-3-small', 'openai'],
      ['gemini/text-embedding-004', 'gemini'],
      ['ollama/nomic-embed-text', 'ollama'],
    ] as const) {
      const res = await router.embed({ model, input: ['first text', 'second text'] }, 'cost');
      expect(res.providerId).toBe(provider);
      expect(res.embeddings).toHaveLength(2);
      expect(res.embeddings[0]?.length).toBeGreaterThan(0);
    }
  });

  it('invalidates a key the provider rejects, and no key material leaks anywhere', async () => {
    const { router } = await fourProviders();
    const revoked = 'sk-e2e-revoked-canary-9';
    const key = await router.registerKey(revoked, 'openai');
    const seen: string[] = [];
    for (const event of ['decision', 'attempt', 'keyStateChanged', 'fallback', 'requestCompleted'] as const) {
      router.on(event, (payload: unknown) => seen.push(JSON.stringify(payload)));
    }
    for (let i = 0; i < 4; i++) {
      const outcome = await router.route(ask('gpt-4o-mini'), 'fairness').catch((error: unknown) => error);
      seen.push(
        JSON.stringify(outcome),
        String(outcome),
        RouterError.isInstance(outcome) ? JSON.stringify(outcome.toJSON()) : '',
      );
    }
    expect(router.getKey(key.id)?.state).toBe('invalid');
    seen.push(JSON.stringify(router.snapshot()), JSON.stringify(router.listKeys()));
    for (const material of [...CANARIES, revoked]) {
      expect(seen.filter((text) => text.includes(material))).toEqual([]);
    }
  });
});
