import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import type { ProviderAdapter } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';
import { OllamaAdapter } from '@apikeyrouter/ollama';
import {
  azureOpenAI,
  deepseek,
  fireworks,
  groq,
  llamaCpp,
  lmStudio,
  mistral,
  OpenAIAdapter,
  openrouter,
  perplexity,
  together,
  vllm,
  xai,
} from '@apikeyrouter/openai';
import type { ProviderConfig } from '../config/config-schema.js';

/**
 * The adapter for one `providers` entry, reporting `providerId` as its id.
 *
 * @example
 * buildAdapter('openai', { adapter: 'openai', baseURL: 'http://127.0.0.1:9000/v1' });
 */
export function buildAdapter(providerId: string, config: ProviderConfig): ProviderAdapter {
  const common = {
    providerId,
    ...(config.baseURL !== undefined ? { baseURL: config.baseURL } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.headers !== undefined ? { headers: config.headers } : {}),
  };
  switch (config.adapter) {
    case 'openai':
      return new OpenAIAdapter(common);
    case 'anthropic':
      return new AnthropicAdapter(common);
    case 'gemini':
      return new GeminiAdapter({
        ...common,
        ...(config.apiVersion !== undefined ? { apiVersion: config.apiVersion } : {}),
      });
    case 'ollama':
      return new OllamaAdapter(common);
    case 'azure':
      return azureOpenAI({
        ...common,
        ...(config.deployments !== undefined ? { deployments: config.deployments } : {}),
        ...(config.apiVersion !== undefined ? { apiVersion: config.apiVersion } : {}),
      });
    case 'groq':
      return groq(common);
    case 'mistral':
      return mistral(common);
    case 'deepseek':
      return deepseek(common);
    case 'together':
      return together(common);
    case 'fireworks':
      return fireworks(common);
    case 'openrouter':
      return openrouter(common);
    case 'perplexity':
      return perplexity(common);
    case 'xai':
      return xai(common);
    case 'vllm':
      return vllm({ ...common, baseURL: config.baseURL ?? 'http://127.0.0.1:8000/v1' });
    case 'llama-cpp':
      return llamaCpp(common);
    case 'lm-studio':
      return lmStudio(common);
  }
}
