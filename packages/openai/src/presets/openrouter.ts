import type { OpenAIAdapter } from '../adapter/openai-adapter.js';
import { createPreset, type PresetOptions } from './create-preset.js';

/**
 * OpenRouter options: the usual ones plus its optional attribution headers.
 *
 * @example
 * ```ts
 * const options: OpenRouterOptions = { appUrl: 'https://example.com', appName: 'My App', timeoutMs: 60_000 };
 * await router.registerProvider('openrouter', openrouter(options));
 * await router.registerKey(process.env.OPENROUTER_API_KEY!, 'openrouter', { models: ['openai/*', 'anthropic/*'] });
 * ```
 */
export interface OpenRouterOptions extends PresetOptions {
  /**
   * Your site, sent as `HTTP-Referer` (OpenRouter's app attribution).
   * @example 'https://example.com'
   */
  appUrl?: string;
  /**
   * Your app's name, sent as `X-Title`.
   * @example 'My App'
   */
  appName?: string;
}

/**
 * OpenRouter (`https://openrouter.ai/api/v1`): one key for many vendors' models, named `vendor/model`
 * (`openai/gpt-4o`). Capabilities depend on the model; vision and tools are declared and the upstream
 * decides.
 *
 * @example
 * await router.registerProvider('openrouter', openrouter({ appName: 'My App' }));
 */
export function openrouter(options: OpenRouterOptions = {}): OpenAIAdapter {
  const { appUrl, appName, ...rest } = options;
  const headers: Record<string, string> = {};
  if (appUrl) headers['http-referer'] = appUrl;
  if (appName) headers['x-title'] = appName;
  return createPreset(
    {
      providerId: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      headers,
      compat: { maxTokensField: 'max_tokens' },
      capabilities: {
        streaming: true,
        tools: true,
        vision: true,
        jsonMode: true,
        jsonSchema: true,
        embeddings: false,
      },
    },
    rest,
  );
}
