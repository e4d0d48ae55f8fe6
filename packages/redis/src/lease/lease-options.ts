/**
 * Leases: a replica holds a slice of a key's windows (or of its budgets) as ONE hold in Redis and admits
 * requests against that slice locally, without a round trip. The slice is held, so every limit and budget stays
 * exact across replicas; the costs are that a slice one replica holds is not available to the others until it
 * is settled (at most `activeMs` later), and that a key state change whose message was lost is noticed at the
 * next lease (within `activeMs`) rather than at the next request.
 *
 * @example
 * const stores = await createRedisStores({ url, leases: { activeMs: 500 } });
 */
export interface LeaseOptions {
  /** How long a lease admits requests after it is granted; then it is settled with what its requests used. Default 1,000 ms. @example 500 */
  activeMs?: number;
  /** Most requests one lease admits. Default 256. @example 64 */
  maxRequests?: number;
  /**
   * Largest part of a limit (or of a budget's headroom) one lease may hold, from 0 to 1. Keys and budgets whose
   * share would not cover two requests are not leased: their requests reserve in Redis one by one, as without
   * leases. Default 1/16. @example 0.05
   */
  maxShare?: number;
}

/**
 * {@link LeaseOptions} with every default applied (what the stores are built with).
 *
 * @example
 * const settings: LeaseSettings = { activeMs: 1_000, maxRequests: 256, maxShare: 1 / 16 };
 */
export interface LeaseSettings {
  /** See {@link LeaseOptions.activeMs}. @example 1000 */
  activeMs: number;
  /** See {@link LeaseOptions.maxRequests}. @example 256 */
  maxRequests: number;
  /** See {@link LeaseOptions.maxShare}. @example 0.0625 */
  maxShare: number;
}

/**
 * Applies the defaults of {@link LeaseOptions}; `undefined` or `false` means no leases.
 *
 * @example
 * leaseSettings(true); // { activeMs: 1000, maxRequests: 256, maxShare: 0.0625 }
 */
export function leaseSettings(options: boolean | LeaseOptions | undefined): LeaseSettings | undefined {
  if (options === undefined || options === false) return undefined;
  const given = options === true ? {} : options;
  const settings = {
    activeMs: given.activeMs ?? 1_000,
    maxRequests: given.maxRequests ?? 256,
    maxShare: given.maxShare ?? 1 / 16,
  };
  if (!(settings.activeMs > 0) || !Number.isFinite(settings.activeMs))
    throw new RangeError(
      `leases.activeMs must be a positive number of milliseconds, got ${settings.activeMs}`,
    );
  if (!Number.isInteger(settings.maxRequests) || settings.maxRequests < 2)
    throw new RangeError(`leases.maxRequests must be a whole number ≥ 2, got ${settings.maxRequests}`);
  if (!(settings.maxShare > 0 && settings.maxShare <= 1))
    throw new RangeError(`leases.maxShare must be in (0, 1], got ${settings.maxShare}`);
  return settings;
}
