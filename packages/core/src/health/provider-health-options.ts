import { z } from 'zod';

/**
 * When a provider (not a key) counts as down, and how it is probed back. A provider's circuit opens when,
 * within `windowMs`, at least `minFailures` calls failed with a 5xx, 529 or overloaded error, they came from
 * at least `minKeys` different keys, and they were at least `failureRate` of the calls that ended there.
 *
 * @example
 * new ApiKeyRouter({ providerHealth: { minFailures: 5, minKeys: 3, cooldownMs: 20_000 } });
 */
export interface ProviderHealthOptions {
  /** Sliding window the failures are counted in, in ms. Default 30,000. */
  windowMs?: number;
  /** Outage failures within the window that open the circuit. Default 3. */
  minFailures?: number;
  /** Different keys those failures must come from (one bad key never opens it). Default 2. */
  minKeys?: number;
  /** Share of the calls ended in the window that failed, 0 … 1. Default 0.5. */
  failureRate?: number;
  /** First cool-down before the probe, in ms; doubles each time a probe fails. Default 15,000. */
  cooldownMs?: number;
  /** Longest cool-down, in ms. Default 120,000. */
  maxCooldownMs?: number;
  /** A probe not settled after this long no longer blocks the next one, in ms. Default 60,000. */
  probeTimeoutMs?: number;
}

/**
 * {@link ProviderHealthOptions} with every default filled in.
 *
 * @example
 * const resolved: ResolvedProviderHealthOptions = { ...PROVIDER_HEALTH_DEFAULTS, minKeys: 3 };
 */
export type ResolvedProviderHealthOptions = Required<ProviderHealthOptions>;

/**
 * The defaults of {@link ProviderHealthOptions}.
 *
 * @example
 * PROVIDER_HEALTH_DEFAULTS.minKeys; // 2
 */
export const PROVIDER_HEALTH_DEFAULTS: Readonly<ResolvedProviderHealthOptions> = Object.freeze({
  windowMs: 30_000,
  minFailures: 3,
  minKeys: 2,
  failureRate: 0.5,
  cooldownMs: 15_000,
  maxCooldownMs: 120_000,
  probeTimeoutMs: 60_000,
});

const ms = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/**
 * The zod schema of the `providerHealth` router option: the options, or `false` to turn provider circuits off.
 *
 * @example
 * providerHealthOptionsSchema.parse({ minKeys: 3 });
 */
export const providerHealthOptionsSchema = z.union([
  z.literal(false),
  z.strictObject({
    windowMs: ms.optional(),
    minFailures: z.number().int().min(1).max(1e6).optional(),
    minKeys: z.number().int().min(1).max(1e6).optional(),
    failureRate: z.number().min(0).max(1).optional(),
    cooldownMs: ms.optional(),
    maxCooldownMs: ms.optional(),
    probeTimeoutMs: ms.optional(),
  }),
]);

/**
 * Fills in the defaults.
 *
 * @example
 * resolveProviderHealthOptions({ minKeys: 3 }).minFailures; // 3
 */
export function resolveProviderHealthOptions(
  options: ProviderHealthOptions = {},
): ResolvedProviderHealthOptions {
  const resolved = { ...PROVIDER_HEALTH_DEFAULTS };
  for (const [name, value] of Object.entries(options) as Array<[keyof ProviderHealthOptions, number]>)
    if (value !== undefined) resolved[name] = value;
  return resolved;
}
