import { z } from 'zod';

const money = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a decimal amount as a string, e.g. "5" or "0.25"')
  .describe('Decimal amount in USD, as a string');
const period = z
  .enum(['minute', 'hour', 'day', 'week', 'month', 'total'])
  .describe('Budget window, calendar-aligned in UTC');
const modelList = z
  .array(z.string().min(1).max(256))
  .max(1000)
  .describe('Model ids; an entry ending in `*` matches by prefix');

/** Adapters a provider entry can name: the four wire formats, Azure, or an OpenAI-compatible preset. */
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

const providerSchema = z
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

const limitsSchema = z
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

const quotaGroupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, '1-64 of a-z 0-9 . _ - starting with a letter or digit');

const keySchema = z
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

const budgetSchema = z
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

const virtualKeySchema = z
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

/**
 * The zod schema of the gateway config file (YAML or JSON, after `${ENV}` interpolation). The field names are
 * the contract; docs/gateway.md's reference is generated from it.
 *
 * @example
 * const config = gatewayConfigSchema.parse(YAML.parse(text));
 */
export const gatewayConfigSchema = z
  .strictObject({
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1').describe('Interface to listen on'),
        port: z.number().int().min(0).max(65_535).default(8787).describe('Port (0 picks a free one)'),
        bodyLimitBytes: z
          .number()
          .int()
          .positive()
          .max(100 * 1024 * 1024)
          .default(4 * 1024 * 1024)
          .describe('Largest request body; larger ones get 413'),
        shutdownTimeoutMs: z
          .number()
          .int()
          .positive()
          .default(10_000)
          .describe('How long SIGTERM waits for in-flight requests'),
        accessLog: z.boolean().default(true).describe('One JSON line per request on stdout'),
      })
      .prefault({})
      .describe('Listener settings'),
    providers: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/), providerSchema)
      .describe('Upstream providers by id'),
    keys: z.array(keySchema).min(1).describe('Provider API keys'),
    quotaGroups: z
      .record(
        quotaGroupName,
        z
          .strictObject({ limits: limitsSchema.describe('Limits the provider enforces on the whole group') })
          .describe('A quota group shared by the keys naming it in `quotaGroup`'),
      )
      .default({})
      .describe('Declared limits of quota groups, by name (undeclared groups learn theirs from headers)'),
    budgets: z.array(budgetSchema).default([]).describe('Budgets'),
    virtualKeys: z.array(virtualKeySchema).min(1).describe('Gateway keys'),
    routing: z
      .strictObject({
        objective: z
          .enum(['cost', 'latency', 'reliability', 'fairness', 'quality', 'balanced'])
          .default('balanced')
          .describe('Default routing objective (a request may set `objective`)'),
        fallbackModels: z
          .record(z.string(), modelList)
          .default({})
          .describe('Fallback models per requested model'),
        maxAttempts: z.number().int().positive().max(20).optional().describe('Provider calls per request'),
        deadlineMs: z.number().int().positive().optional().describe('Time budget of a request in ms'),
      })
      .prefault({})
      .describe('Routing defaults'),
    redis: z
      .strictObject({
        url: z
          .string()
          .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')
          .describe('Redis URL (`redis://[:password@]host:port[/db]`); reference an environment variable'),
        prefix: z
          .string()
          .regex(/^[a-zA-Z0-9_.:-]{1,64}$/, '1-64 of a-z A-Z 0-9 _ . : -')
          .default('akr')
          .describe('Prefix of every Redis key; replicas sharing limits use the same prefix'),
        replicas: z
          .number()
          .int()
          .positive()
          .max(1000)
          .default(1)
          .describe(
            'Gateway replicas sharing this Redis (each gets 1/replicas of a limit while Redis is down)',
          ),
        timeoutMs: z
          .number()
          .int()
          .positive()
          .max(60_000)
          .default(500)
          .describe('Longest wait for one Redis call'),
      })
      .optional()
      .describe('Redis connection used by `state.store: redis` and `cache.store: redis`'),
    state: z
      .strictObject({
        store: z
          .enum(['memory', 'redis'])
          .default('memory')
          .describe(
            'Where key states, quota windows, budgets and spend live: this process (kept across reloads) or Redis (shared by replicas, kept across restarts); a change needs a restart',
          ),
      })
      .prefault({})
      .describe('Router state'),
    cache: z
      .strictObject({
        store: z
          .enum(['memory', 'redis'])
          .default('memory')
          .describe(
            'Where cached answers live: this process, or Redis (shared by replicas); a change needs a restart',
          ),
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(64 * 1024 * 1024)
          .describe('Memory the response cache may use'),
        maxEntryBytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024)
          .describe('Largest single cached answer'),
        maxTtlSeconds: z
          .number()
          .int()
          .positive()
          .max(86_400)
          .default(86_400)
          .describe('Longest time an answer stays cached in Redis, whatever a request asks'),
      })
      .prefault({})
      .describe('Exact response cache (opt-in per virtual key or per request)'),
    admin: z
      .strictObject({ token: z.string().min(16).describe('Bearer token of the /admin API') })
      .optional()
      .describe('Admin API; disabled when absent'),
  })
  .superRefine((config, ctx) => {
    config.keys.forEach((key, index) => {
      if (!(key.provider in config.providers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', index, 'provider'],
          message: `unknown provider "${key.provider}"`,
        });
      }
    });
    for (const section of ['state', 'cache'] as const) {
      if (config[section].store === 'redis' && config.redis === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [section, 'store'],
          message: 'needs a `redis` section with the url',
        });
      }
    }
    const names = new Set<string>();
    config.virtualKeys.forEach((vk, index) => {
      if (names.has(vk.name))
        ctx.addIssue({ code: 'custom', path: ['virtualKeys', index, 'name'], message: 'duplicate name' });
      names.add(vk.name);
    });
  });

/** The validated config, defaults filled in. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/** The config as written in the file. */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/** One provider entry. */
export type ProviderConfig = GatewayConfig['providers'][string];
/** One virtual key entry. */
export type VirtualKeyConfig = GatewayConfig['virtualKeys'][number];
