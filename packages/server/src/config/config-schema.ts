import { z } from 'zod';
import {
  budgetSchema,
  keySchema,
  limitsSchema,
  modelList,
  providerSchema,
  quotaGroupName,
  virtualKeySchema,
} from './config-entries.js';

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

/**
 * The validated config, defaults filled in.
 *
 * @example
 * ```ts
 * const config: GatewayConfig = await loadConfigFile('gateway.yaml');
 * config.server.port; // 8787 unless the file sets it: defaults are filled in
 * const gateway = await Gateway.create(config);
 * ```
 */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/**
 * The config as written in the file.
 *
 * @example
 * ```ts
 * const input: GatewayConfigInput = {
 *   providers: { openai: { adapter: 'openai' } },
 *   keys: [{ provider: 'openai', key: process.env.OPENAI_API_KEY ?? '' }],
 *   virtualKeys: [{ name: 'team-search', key: 'akr-team-search-0123456789' }],
 * };
 * const running = await startGateway({ config: gatewayConfigSchema.parse(input), port: 0 });
 * ```
 */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/**
 * One provider entry.
 *
 * @example
 * ```ts
 * const providers: Array<[string, ProviderConfig]> = Object.entries(config.providers);
 * for (const [id, provider] of providers) console.log(id, provider.adapter, provider.baseURL ?? '(adapter default)');
 * ```
 */
export type ProviderConfig = GatewayConfig['providers'][string];
/**
 * One virtual key entry.
 *
 * @example
 * ```ts
 * const team: VirtualKeyConfig | undefined = config.virtualKeys.find((vk) => vk.name === 'team-search');
 * console.log(team?.models ?? 'all models', team?.limits?.rpm, team?.budget?.limit);
 * ```
 */
export type VirtualKeyConfig = GatewayConfig['virtualKeys'][number];
