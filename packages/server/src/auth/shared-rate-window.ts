import { randomUUID } from 'node:crypto';
import type { QuotaAmounts, QuotaStore } from '@apikeyrouter/core/store';
import type { RateLimiter, RateVerdict } from './rate-limiter.js';

const ONE_REQUEST: QuotaAmounts = { requests: 1, inputTokens: 0, outputTokens: 0 };

/**
 * A virtual key's request limit counted in the shared quota store, so replicas on one Redis enforce one limit
 * together rather than one each. Each request is one reservation in the store's minute window (an atomic
 * check-and-hold, the same script that guards provider keys), committed at once; the commit is not awaited:
 * if it never lands, the hold still counts until it expires a minute later, which errs towards refusing.
 * The store counts in one-second buckets with its minute window's safety margin, so the limit is enforced
 * slightly early, never late.
 *
 * @example
 * const window = new SharedRateWindow(60, stores.quota, 'team-search');
 * const verdict = await window.admit(clock.now());
 */
export class SharedRateWindow implements RateLimiter {
  readonly #quota: QuotaStore;
  readonly #id: string;
  // Reservation ids must be unique across replicas: this process's random prefix and a counter.
  readonly #prefix = randomUUID();
  #sequence = 0;

  constructor(
    readonly rpm: number,
    quota: QuotaStore,
    name: string,
  ) {
    this.#quota = quota;
    this.#id = `virtual-key/${name}`;
  }

  async admit(now: number): Promise<RateVerdict> {
    const reservationId = `${this.#prefix}:${++this.#sequence}`;
    const result = await this.#quota.reserve({
      keyId: this.#id,
      reservationId,
      amounts: ONE_REQUEST,
      limits: { requests_per_minute: this.rpm },
      now,
      expiresAt: now + 60_000,
    });
    if (!result.ok) return { ok: false, retryAfterMs: Math.max(1, (result.retryAt ?? now + 1_000) - now) };
    this.#quota.commit({ keyId: this.#id, reservationId, actual: ONE_REQUEST, now }).catch(() => undefined);
    return { ok: true };
  }
}
