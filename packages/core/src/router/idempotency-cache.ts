import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock/clock.js';
import { ValidationError } from '../errors/specific-errors.js';
import type { RouteResponse } from '../execution/route-response.js';

interface Entry {
  fingerprint: string;
  result: Promise<RouteResponse>;
}

/**
 * Single-flight and replay for `intent.idempotencyKey`: a request with a key already seen (in flight or
 * answered within `ttlMs`) gets the same response instead of a second provider call — what a client retrying
 * after a network blip needs. Reusing a key for a different request is a validation error; a failed request
 * frees its key so it can be retried. Time comes from the router's clock.
 *
 * @example
 * const cache = new IdempotencyCache(clock);
 * const res = await cache.run('order-42', fingerprint, () => routeRequest(core, request));
 */
export class IdempotencyCache {
  readonly #entries: LRUCache<string, Entry>;

  constructor(clock: Clock, ttlMs = 10 * 60_000, max = 10_000) {
    this.#entries = new LRUCache<string, Entry>({ max, ttl: ttlMs, perf: { now: () => clock.now() } });
  }

  /** The response for `key`: the one already under way or recorded, or a new one from `start`. */
  run(key: string, fingerprint: string, start: () => Promise<RouteResponse>): Promise<RouteResponse> {
    const found = this.#entries.get(key);
    if (found) {
      if (found.fingerprint !== fingerprint) {
        return Promise.reject(
          new ValidationError('idempotencyKey was already used for a different request', [
            { path: 'idempotencyKey', message: 'reused with a different intent or objective' },
          ]),
        );
      }
      return found.result;
    }
    const result = start();
    this.#entries.set(key, { fingerprint, result });
    result.catch(() => {
      if (this.#entries.get(key)?.result === result) this.#entries.delete(key);
    });
    return result;
  }
}
