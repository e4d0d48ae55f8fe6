import { z } from 'zod';
import { affinityOptionsSchema } from '../affinity/affinity-options.js';
import { providerHealthOptionsSchema } from '../health/provider-health-options.js';
import { MAX_DEADLINE_MS } from '../intent/deadline.js';
import { parseUntrusted } from '../intent/parse-untrusted.js';
import type { RouterOptions } from './router-options.js';

const ms = z.number().int().min(0).max(MAX_DEADLINE_MS);
const positiveMs = z.number().int().positive().max(MAX_DEADLINE_MS);
const count = z.number().int().min(0).max(1e9);
const object = (what: string) =>
  z.custom<object>((value) => typeof value === 'object' && value !== null, { message: `must be ${what}` });
const withMethods = (what: string, methods: readonly string[]) =>
  z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
    { message: `must be ${what} (${methods.join(', ')})` },
  );

const routerOptionsSchema = z.strictObject({
  // A plain object, not strict: `createRedisStores()` hands back `{ keys, quota, spend, close, … }` and is
  // passed as it is; members other than the three stores are not the router's business and are dropped.
  stores: z
    .object({
      keys: withMethods('a KeyStore', ['get', 'compareAndSet', 'delete', 'list']).optional(),
      quota: withMethods('a QuotaStore', ['reserve', 'commit', 'release']).optional(),
      spend: withMethods('a SpendStore', ['reserve', 'commit', 'release']).optional(),
      settlement: z.enum(['inline', 'background']).optional(),
    })
    .optional(),
  store: withMethods('a KeyStore', ['get', 'compareAndSet', 'delete', 'list']).optional(),
  telemetry: z.union([z.boolean(), object('telemetry options')]).optional(),
  clock: withMethods('a Clock', ['now', 'setTimeout', 'clearTimeout', 'sleep']).optional(),
  logger: object('a Logger').optional(),
  defaults: z
    .strictObject({
      objective: z.unknown().optional(),
      maxAttempts: z.number().int().min(1).max(1_000).optional(),
      deadlineMs: positiveMs.optional(),
      retry: z.strictObject({ baseDelayMs: ms.optional(), maxDelayMs: ms.optional() }).optional(),
      maxQueued: count.optional(),
      defaultOutputTokens: z.number().int().positive().max(10_000_000).optional(),
      cautiousConcurrency: z.number().int().min(1).max(1e6).optional(),
    })
    .optional(),
  keyMachine: z
    .strictObject({
      failureThreshold: z.number().int().min(1).max(1e6).optional(),
      baseCooldownMs: ms.optional(),
      maxCooldownMs: ms.optional(),
      defaultThrottleMs: ms.optional(),
    })
    .optional(),
  admission: z
    .strictObject({
      maxWaitMs: z
        .union([ms, z.strictObject({ interactive: ms.optional(), batch: ms.optional() })])
        .optional(),
      fairnessTag: z.string().min(1).max(256).optional(),
    })
    .optional(),
  providerHealth: providerHealthOptionsSchema.optional(),
  affinity: affinityOptionsSchema.optional(),
  idempotency: z
    .strictObject({
      ttlMs: positiveMs.optional(),
      maxBytes: z
        .number()
        .int()
        .min(0)
        .max(2 ** 40)
        .optional(),
    })
    .optional(),
});

/**
 * Validates the options of `new ApiKeyRouter()`: numbers in range (a deadline up to 2^31 − 1 ms,
 * `maxAttempts` ≥ 1), objects where objects belong, no unknown keys, no throwing getters. Anything else is a
 * ValidationError. (The objective is validated by `resolveObjective`.)
 *
 * @example
 * const options = parseRouterOptions({ defaults: { maxAttempts: 3 } });
 */
export function parseRouterOptions(input: unknown): RouterOptions {
  if (input === undefined) return {};
  // The parsed copy is returned, not the input: its getters ran once, here, inside the guard.
  return parseUntrusted(routerOptionsSchema, input, 'router options', 'options') as RouterOptions;
}
