import { z } from 'zod';

// The schemas of the config's entries (providers, keys, budgets, gateway keys); config-schema.ts assembles them.

const money = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a decimal amount as a string, e.g. "5" or "0.25"')
  .describe('Decimal amount in USD, as a string');
const period = z
  .enum(['minute', 'hour', 'day', 'week', 'month', 'total'])
  .describe('Budget window, calendar-aligned in UTC');
/**
 * A list of model ids (prefix patterns allowed).
 *
 * @example
 * modelList.parse(['gpt-4o-mini', 'claude-*']);
 */
export const modelList = z
  .array(z.string().min(1).max(256))
  .max(1000)
  .describe('Model ids; an entry ending in `*` matches by prefix');

/**
 * Adapters a provider entry can name: the four wire formats, Azure, or an OpenAI-compatible preset.
 *
 * @example
 * ADAPTER_NAMES.includes('groq'); // true
 */
export const ADAPTER_NAMES = [
  'openai',
  'anthropic',
  'gemini',
  'ollama',
  'azure',
  'groq',
  'mistral',
  'deepseek',
  'together',
  'fireworks',
  'openrouter',
  'perplexity',
  'xai',
  'vllm',
  'llama-cpp',
  'lm-studio',
] as const;

/**
 * An entry under `providers`.
 *
 * @example
 * providerSchema.parse({ adapter: 'openai', baseURL: 'https://api.openai.com/v1' });
 */
export const providerSchema = z
  .strictObject({
    adapter: z.enum(ADAPTER_NAMES).describe('Wire format or preset that talks to this provider'),
    baseURL: z.url().optional().describe('API root (for openai-style adapters including the version path)'),
    timeoutMs: z.number().int().positive().max(600_000).optional().describe('Per-call timeout in ms'),
    headers: z.record(z.string(), z.string()).optional().describe('Extra headers on every upstream call'),
    deployments: z
      .record(z.string(), z.string())
      .optional()
      .describe('Azure only: deployment name per model id'),
    apiVersion: z.string().optional().describe('Azure / Gemini API version'),
  })
  .describe('An upstream provider, by id');

/**
 * Declared limits of a key or quota group.
 *
 * @example
 * limitsSchema.parse({ rpm: 500, tpm: 200_000 });
 */
export const limitsSchema = z
  .strictObject({
    rpm: z.number().int().positive().optional().describe('Requests per minute'),
    tpm: z.number().int().positive().optional().describe('Tokens per minute'),
    rpd: z.number().int().positive().optional().describe('Requests per day'),
    tpd: z.number().int().positive().optional().describe('Tokens per day'),
    inputTpm: z.number().int().positive().optional().describe('Input tokens per minute'),
    outputTpm: z.number().int().positive().optional().describe('Output tokens per minute'),
    concurrency: z.number().int().positive().optional().describe('Requests in flight at once'),
  })
  .describe('Limits the key is known to have; the router never exceeds them');

/**
 * The name of a quota group.
 *
 * @example
 * quotaGroupName.parse('org-a');
 */
export const quotaGroupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, '1-64 of a-z 0-9 . _ - starting with a letter or digit');

/**
 * An entry under `keys`.
 *
 * @example
 * keySchema.parse({ provider: 'openai', key: 'sk-…', label: 'prod-1', limits: { rpm: 500 } });
 */
export const keySchema = z
  .strictObject({
    provider: z.string().min(1).describe('Id of an entry under `providers`'),
    key: z
      .string()
      .min(1)
      .describe('Key material; reference an environment variable so it stays out of the file'),
    label: z.string().min(1).max(100).optional().describe('Name shown in explanations and metrics'),
    limits: limitsSchema.optional(),
    models: modelList.optional(),
    weight: z.number().positive().optional().describe('Share of traffic under the fairness objective'),
    tags: z.record(z.string(), z.string()).optional().describe('Free-form labels'),
    quotaGroup: quotaGroupName
      .optional()
      .describe(
        'Quota group: keys of one provider account (organisation, project) whose limits the provider enforces for all of them together',
      ),
  })
  .describe('A provider API key');

/**
 * An entry under `budgets`.
 *
 * @example
 * budgetSchema.parse({ scope: 'global', limit: '50', period: 'day' });
 */
export const budgetSchema = z
  .strictObject({
    scope: z.enum(['global', 'provider', 'key', 'model', 'tag']).describe('What the budget covers'),
    scopeId: z.string().min(1).optional().describe('Provider id, key id, model or `tag:value`'),
    limit: money,
    period,
    enforcementMode: z
      .enum(['hard', 'soft', 'downgrade'])
      .default('hard')
      .describe('hard rejects before spending, soft warns, downgrade routes to `downgradeTo`'),
    downgradeTo: modelList.optional(),
    name: z.string().max(200).optional().describe('Label in the admin API'),
  })
  .describe('A spending budget enforced before each call');

/**
 * An entry under `virtualKeys`.
 *
 * @example
 * virtualKeySchema.parse({ name: 'team-search', key: 'akr-team-search-0123456789' });
 */
export const virtualKeySchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,64}$/, '1-64 of a-z A-Z 0-9 _ . -')
      .describe('Name in logs, metrics and spend'),
    key: z.string().min(16).optional().describe('The gateway key clients send (hashed on load, never kept)'),
    keyHash: z
      .string()
      .regex(/^[a-f0-9]{64}$/, 'lower-case hex SHA-256')
      .optional()
      .describe('SHA-256 (hex) of the key, instead of `key`'),
    models: modelList.optional().describe('Models this key may use (default: all); others get 403'),
    limits: z
      .strictObject({ rpm: z.number().int().positive().max(100_000).describe('Requests per minute') })
      .optional()
      .describe('Rate limit of this key; over it clients get 429 with retry-after'),
    budget: z
      .strictObject({ limit: money, period })
      .optional()
      .describe('Hard spending budget of this key (a tag budget on `virtualKey:NAME`)'),
    tags: z.record(z.string(), z.string()).optional().describe('Tags added to every request of this key'),
    cache: z
      .strictObject({
        maxAgeSeconds: z
          .number()
          .int()
          .positive()
          .max(86_400)
          .describe('Cache answers of this key by default for this many seconds'),
      })
      .optional()
      .describe('Default response caching of this key (a request header overrides it)'),
  })
  .refine((vk) => (vk.key === undefined) !== (vk.keyHash === undefined), {
    message: 'give exactly one of key or keyHash',
  })
  .describe('A gateway key handed to a team');
