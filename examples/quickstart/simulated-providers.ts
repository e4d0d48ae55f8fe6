import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import type { ApiKeyRouter } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';
import { OllamaAdapter } from '@apikeyrouter/ollama';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';

/** The four simulated providers of the demo, each a real HTTP server on 127.0.0.1 speaking its wire format. */
export interface SimulatedProviders {
  openai: FakeProvider;
  anthropic: FakeProvider;
  gemini: FakeProvider;
  ollama: FakeProvider;
  close(): Promise<void>;
}

/**
 * Starts the providers with hidden per-key limits the router is not told about (it learns them from headers),
 * one key the provider does not know (it will be invalidated), one with no billing quota left, and a burst of
 * server errors on another, then registers real adapters and keys with the router.
 */
export async function setUpSimulatedProviders(router: ApiKeyRouter): Promise<SimulatedProviders> {
  const openai = await startFakeProvider({
    flavor: 'openai',
    keys: {
      'sk-demo-openai-prod-1': { label: 'openai-prod-1', rpm: 120, latencyMs: 40 },
      'sk-demo-openai-prod-2': { label: 'openai-prod-2', rpm: 60, latencyMs: 25 },
      'sk-demo-openai-small': { label: 'openai-small', rpm: 10, latencyMs: 15 },
      'sk-demo-openai-broke': { label: 'openai-broke', billingExhausted: true },
    },
    faults: [{ kind: 'server_error', key: 'sk-demo-openai-prod-1', times: 3, after: 20 }],
  });
  const anthropic = await startFakeProvider({
    flavor: 'anthropic',
    keys: { 'sk-ant-demo-team-1': { label: 'anthropic-team', rpm: 50, latencyMs: 60 } },
  });
  const gemini = await startFakeProvider({
    flavor: 'gemini',
    keys: { 'AIza-demo-gemini-1': { label: 'gemini-1', rpm: 30, latencyMs: 30 } },
  });
  const ollama = await startFakeProvider({ flavor: 'ollama', keys: {} });

  await router.registerProvider(
    'openai',
    new OpenAIAdapter({ baseURL: `${openai.url}/v1`, timeoutMs: 10_000 }),
  );
  await router.registerProvider(
    'anthropic',
    new AnthropicAdapter({ baseURL: anthropic.url, timeoutMs: 10_000 }),
  );
  await router.registerProvider('gemini', new GeminiAdapter({ baseURL: gemini.url, timeoutMs: 10_000 }));
  await router.registerProvider('ollama', new OllamaAdapter({ baseURL: ollama.url, timeoutMs: 10_000 }));

  await router.registerKey('sk-demo-openai-prod-1', 'openai', { label: 'openai-prod-1' });
  await router.registerKey('sk-demo-openai-prod-2', 'openai', { label: 'openai-prod-2' });
  await router.registerKey('sk-demo-openai-small', 'openai', { label: 'openai-small' });
  await router.registerKey('sk-demo-openai-broke', 'openai', { label: 'openai-broke' });
  await router.registerKey('sk-demo-openai-revoked', 'openai', { label: 'openai-revoked' });
  await router.registerKey('sk-ant-demo-team-1', 'anthropic', { label: 'anthropic-team' });
  await router.registerKey('AIza-demo-gemini-1', 'gemini', { label: 'gemini-1' });
  await router.registerKey('local-ollama', 'ollama', { label: 'ollama-local' });

  return {
    openai,
    anthropic,
    gemini,
    ollama,
    close: async () => {
      await Promise.all([openai.close(), anthropic.close(), gemini.close(), ollama.close()]);
    },
  };
}
