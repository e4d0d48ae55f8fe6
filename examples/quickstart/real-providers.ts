import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import type { ApiKeyRouter } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';
import { OllamaAdapter } from '@apikeyrouter/ollama';
import { OpenAIAdapter } from '@apikeyrouter/openai';

/** Real providers configured through the environment, with the model to ask each. */
export interface RealProvider {
  providerId: string;
  model: string;
}

/**
 * Registers every provider whose credentials are in the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY,
 * GEMINI_API_KEY, OLLAMA_BASE_URL (model from OLLAMA_MODEL, default llama3.2). Returns what it registered.
 */
export async function setUpRealProviders(
  router: ApiKeyRouter,
  env: NodeJS.ProcessEnv,
): Promise<RealProvider[]> {
  const found: RealProvider[] = [];
  if (env.OPENAI_API_KEY) {
    await router.registerProvider('openai', new OpenAIAdapter({ timeoutMs: 30_000 }));
    await router.registerKey(env.OPENAI_API_KEY, 'openai', { label: 'openai (env)' });
    found.push({ providerId: 'openai', model: 'gpt-4o-mini' });
  }
  if (env.ANTHROPIC_API_KEY) {
    await router.registerProvider('anthropic', new AnthropicAdapter({ timeoutMs: 30_000 }));
    await router.registerKey(env.ANTHROPIC_API_KEY, 'anthropic', { label: 'anthropic (env)' });
    found.push({ providerId: 'anthropic', model: 'claude-3-5-haiku-latest' });
  }
  if (env.GEMINI_API_KEY) {
    await router.registerProvider('gemini', new GeminiAdapter({ timeoutMs: 30_000 }));
    await router.registerKey(env.GEMINI_API_KEY, 'gemini', { label: 'gemini (env)' });
    found.push({ providerId: 'gemini', model: 'gemini-2.5-flash' });
  }
  if (env.OLLAMA_BASE_URL) {
    await router.registerProvider(
      'ollama',
      new OllamaAdapter({ baseURL: env.OLLAMA_BASE_URL, timeoutMs: 120_000 }),
    );
    await router.registerKey('local-ollama', 'ollama', { label: 'ollama (env)' });
    found.push({ providerId: 'ollama', model: env.OLLAMA_MODEL ?? 'llama3.2' });
  }
  return found;
}
