import { RouterError } from '@apikeyrouter/provider';
import { OpenAIAdapter } from '../adapter/openai-adapter.js';
import type { OpenAIAdapterOptions, OpenAIRoute } from '../adapter/openai-adapter-options.js';
import { OPENAI_CAPABILITIES } from '../adapter/openai-capabilities.js';

/**
 * Default Azure OpenAI data-plane API version.
 *
 * @example
 * azureOpenAI({ resource: 'r', apiVersion: AZURE_DEFAULT_API_VERSION });
 */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/**
 * Options of {@link azureOpenAI}.
 *
 * @example
 * ```ts
 * const options: AzureOpenAIOptions = {
 *   resource: 'my-resource',
 *   deployments: { 'gpt-4o': 'gpt-4o-prod', 'text-embedding-3-small': 'embed' },
 *   apiVersion: AZURE_DEFAULT_API_VERSION,
 *   timeoutMs: 60_000,
 * };
 * await router.registerProvider('azure-openai', azureOpenAI(options));
 * ```
 */
export interface AzureOpenAIOptions extends Omit<OpenAIAdapterOptions, 'url' | 'auth'> {
  /**
   * Resource name: the API root becomes `https://{resource}.openai.azure.com`.
   * @example 'my-resource'
   */
  resource?: string;
  /**
   * API root instead of `resource` (custom domains, tests). No `/openai` suffix.
   * @example 'https://my-resource.openai.azure.com'
   */
  baseURL?: string;
  /**
   * Deployment used for every model not in `deployments`.
   * @example 'gpt-4o-prod'
   */
  deployment?: string;
  /**
   * Deployment per model id; its keys become the declared models.
   * @example { 'gpt-4o': 'gpt-4o-prod', 'text-embedding-3-small': 'embed' }
   */
  deployments?: Readonly<Record<string, string>>;
  /**
   * `api-version` query parameter.
   * @example '2024-10-21'
   */
  apiVersion?: string;
}

/**
 * Azure OpenAI: deployments in the URL path (`/openai/deployments/{deployment}/chat/completions`), the
 * `api-version` query, the key in an `api-key` header, and rate-limit resets in integer seconds (`-1`
 * ignored). Without a deployment for a model, the model id is used as the deployment name.
 *
 * @example
 * const adapter = azureOpenAI({ resource: 'my-resource', deployments: { 'gpt-4o': 'gpt-4o-prod' } });
 * await router.registerProvider('azure-openai', adapter);
 */
export function azureOpenAI(options: AzureOpenAIOptions): OpenAIAdapter {
  const { resource, deployment, deployments, apiVersion, ...rest } = options;
  const root = (options.baseURL ?? (resource ? `https://${resource}.openai.azure.com` : '')).replace(
    /\/+$/,
    '',
  );
  if (root === '') {
    throw new RouterError('configuration', 'azureOpenAI needs a resource or a baseURL', {
      code: 'missing_endpoint',
      providerId: options.providerId ?? 'azure-openai',
    });
  }
  const version = encodeURIComponent(apiVersion ?? AZURE_DEFAULT_API_VERSION);
  const deploymentFor = (model: string | undefined): string =>
    (model !== undefined ? deployments?.[model] : undefined) ?? deployment ?? model ?? '';
  const url = (route: OpenAIRoute, model: string | undefined): string =>
    route === 'models'
      ? `${root}/openai/models?api-version=${version}`
      : `${root}/openai/deployments/${encodeURIComponent(deploymentFor(model))}/${route}?api-version=${version}`;
  const models = deployments ? Object.keys(deployments) : OPENAI_CAPABILITIES.models;
  return new OpenAIAdapter({
    providerId: 'azure-openai',
    rateLimitDialect: 'azure',
    capabilities: { ...OPENAI_CAPABILITIES, models },
    ...rest,
    compat: { maxTokensField: 'auto', ...rest.compat },
    baseURL: `${root}/openai`,
    auth: 'api-key',
    url,
  });
}
