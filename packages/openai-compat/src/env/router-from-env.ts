import { ApiKeyRouter, type Clock, type ProviderAdapter } from '@apikeyrouter/core';
import { OllamaAdapter } from '@apikeyrouter/ollama';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { OpenAIError } from 'openai';
import type { ModelLister } from '../models/models.js';
import { envValue, keysFromEnv } from './env-keys.js';
import { ENV_PROVIDERS } from './env-providers.js';

/**
 * What {@link routerFromEnv} built.
 *
 * @example
 * const { router, ready } = routerFromEnv();
 * await ready;
 */
export interface EnvRouter {
  /** The router, with every configured provider and key registered. */
  router: ApiKeyRouter;
  /** Concrete models each registered provider declares, for `models.list()`. */
  declared: Map<string, readonly string[]>;
  /** Settles once every provider and key is registered. */
  ready: Promise<void>;
  /** Live model listers (`GET /models`) for the OpenAI-compatible providers, each with its first key. */
  listers: ModelLister[];
}

/**
 * Options of {@link routerFromEnv}.
 *
 * @example
 * routerFromEnv({ env: { OPENAI_API_KEYS: 'sk-a,sk-b' }, timeout: 30_000 });
 */
export interface RouterFromEnvOptions {
  /** Environment to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** An OpenAI key given in code (the SDK's `apiKey` option), added to the environment's. */
  apiKey?: string;
  /** An OpenAI base URL given in code (the SDK's `baseURL` option); wins over `OPENAI_BASE_URL`. */
  baseURL?: string;
  /** Router deadline in ms; wins over `APIKEYROUTER_TIMEOUT`. */
  timeout?: number;
  /** The router's clock (tests pass a virtual one). */
  clock?: Clock;
}

const OLLAMA_PLACEHOLDER = 'local-ollama';

function deadlineFrom(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new OpenAIError('APIKEYROUTER_TIMEOUT must be a positive whole number of milliseconds');
  }
  return ms;
}

/**
 * Builds a router from the environment: for each provider with keys (`OPENAI_API_KEY(S)`,
 * `ANTHROPIC_API_KEY(S)`, `GEMINI_API_KEY(S)`/`GOOGLE_API_KEY(S)`, `GROQ_API_KEY(S)`, `MISTRAL_API_KEY(S)`,
 * `DEEPSEEK_…`, `TOGETHER_…`, `FIREWORKS_…`, `XAI_…`, `OPENROUTER_…`, `PERPLEXITY_…`) its adapter (base URL
 * from `<PROVIDER>_BASE_URL` when set) and every key; a local Ollama when `OLLAMA_BASE_URL` is set;
 * `APIKEYROUTER_TIMEOUT` (ms) as the deadline. The router is returned at once (so a constructor can stay
 * synchronous); `ready` settles when every provider and key is registered. Throws the SDK's `OpenAIError`
 * synchronously when nothing is configured, as the SDK does without an API key.
 *
 * @example
 * const { router, ready } = routerFromEnv({ env: { OPENAI_API_KEYS: 'sk-a,sk-b' } });
 * await ready;
 */
export function routerFromEnv(options: RouterFromEnvOptions = {}): EnvRouter {
  const env = options.env ?? process.env;
  const deadlineMs = options.timeout ?? deadlineFrom(envValue(env, 'APIKEYROUTER_TIMEOUT'));
  const plan: Array<{ id: string; adapter: ProviderAdapter; keys: string[] }> = [];
  for (const provider of ENV_PROVIDERS) {
    const keys = keysFromEnv(env, provider.keyVars);
    const isOpenAI = provider.id === 'openai';
    if (isOpenAI && options.apiKey) keys.unshift(options.apiKey);
    if (keys.length === 0) continue;
    const baseURL = (isOpenAI ? options.baseURL : undefined) ?? envValue(env, provider.baseURLVar);
    plan.push({ id: provider.id, adapter: provider.create(baseURL), keys: [...new Set(keys)] });
  }
  const ollamaURL = envValue(env, 'OLLAMA_BASE_URL');
  if (ollamaURL !== undefined) {
    plan.push({
      id: 'ollama',
      adapter: new OllamaAdapter({ baseURL: ollamaURL }),
      keys: [OLLAMA_PLACEHOLDER],
    });
  }
  if (plan.length === 0) {
    throw new OpenAIError(
      'No provider configured: set OPENAI_API_KEY (or ANTHROPIC_API_KEY, GEMINI_API_KEY, GROQ_API_KEY, …, or OLLAMA_BASE_URL), or pass { router }.',
    );
  }
  const router = new ApiKeyRouter({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(deadlineMs !== undefined ? { defaults: { deadlineMs } } : {}),
  });
  const declared = new Map<string, readonly string[]>();
  for (const { id, adapter } of plan) declared.set(id, adapter.capabilities.models ?? []);
  const listers: ModelLister[] = [];
  for (const { id, adapter, keys } of plan) {
    const material = keys[0];
    if (adapter instanceof OpenAIAdapter && material !== undefined) {
      listers.push({
        providerId: id,
        list: (clock) => adapter.listModels({ apiKey: material, clock }),
        classify: (error, clock) => adapter.classifyError(error, { providerId: id, clock }),
      });
    }
  }
  const ready = (async () => {
    for (const { id, adapter, keys } of plan) {
      await router.registerProvider(id, adapter);
      for (const [i, material] of keys.entries()) {
        await router.registerKey(material, id, {
          label: id === 'ollama' ? 'ollama-local' : `${id}-${i + 1}`,
        });
      }
    }
  })();
  ready.catch(() => undefined);
  return { router, declared, ready, listers };
}
