import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import type { ProviderAdapter } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';
import {
  deepseek,
  fireworks,
  groq,
  mistral,
  OpenAIAdapter,
  openrouter,
  perplexity,
  together,
  xai,
} from '@apikeyrouter/openai';

/**
 * One provider the drop-in client can configure from the environment.
 *
 * @example
 * const groqEntry: EnvProvider = { id: 'groq', keyVars: ['GROQ_API_KEY'], baseURLVar: 'GROQ_BASE_URL', create: (b) => groq(b ? { baseURL: b } : {}) };
 */
export interface EnvProvider {
  /** Provider id (the `provider/` prefix of model names). */
  id: string;
  /** Key variables; each also has a plural comma-separated form (`…_API_KEYS`). */
  keyVars: readonly string[];
  /** Variable that overrides the base URL. */
  baseURLVar: string;
  /** Builds the adapter. */
  create(baseURL: string | undefined): ProviderAdapter;
}

const withBase = (baseURL: string | undefined) => (baseURL === undefined ? {} : { baseURL });

/**
 * Every keyed provider the drop-in client reads from the environment, in registration order.
 *
 * @example
 * ENV_PROVIDERS.map((p) => p.keyVars[0]); // ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', …]
 */
export const ENV_PROVIDERS: readonly EnvProvider[] = [
  {
    id: 'openai',
    keyVars: ['OPENAI_API_KEY'],
    baseURLVar: 'OPENAI_BASE_URL',
    create: (b) => new OpenAIAdapter(withBase(b)),
  },
  {
    id: 'anthropic',
    keyVars: ['ANTHROPIC_API_KEY'],
    baseURLVar: 'ANTHROPIC_BASE_URL',
    create: (b) => new AnthropicAdapter(withBase(b)),
  },
  {
    id: 'gemini',
    keyVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    baseURLVar: 'GEMINI_BASE_URL',
    create: (b) => new GeminiAdapter(withBase(b)),
  },
  { id: 'groq', keyVars: ['GROQ_API_KEY'], baseURLVar: 'GROQ_BASE_URL', create: (b) => groq(withBase(b)) },
  {
    id: 'mistral',
    keyVars: ['MISTRAL_API_KEY'],
    baseURLVar: 'MISTRAL_BASE_URL',
    create: (b) => mistral(withBase(b)),
  },
  {
    id: 'deepseek',
    keyVars: ['DEEPSEEK_API_KEY'],
    baseURLVar: 'DEEPSEEK_BASE_URL',
    create: (b) => deepseek(withBase(b)),
  },
  {
    id: 'together',
    keyVars: ['TOGETHER_API_KEY'],
    baseURLVar: 'TOGETHER_BASE_URL',
    create: (b) => together(withBase(b)),
  },
  {
    id: 'fireworks',
    keyVars: ['FIREWORKS_API_KEY'],
    baseURLVar: 'FIREWORKS_BASE_URL',
    create: (b) => fireworks(withBase(b)),
  },
  { id: 'xai', keyVars: ['XAI_API_KEY'], baseURLVar: 'XAI_BASE_URL', create: (b) => xai(withBase(b)) },
  {
    id: 'openrouter',
    keyVars: ['OPENROUTER_API_KEY'],
    baseURLVar: 'OPENROUTER_BASE_URL',
    create: (b) => openrouter(withBase(b)),
  },
  {
    id: 'perplexity',
    keyVars: ['PERPLEXITY_API_KEY'],
    baseURLVar: 'PERPLEXITY_BASE_URL',
    create: (b) => perplexity(withBase(b)),
  },
];
