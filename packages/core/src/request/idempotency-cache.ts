import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock/clock.js';
import { ValidationError } from '../errors/specific-errors.js';
import type { RouteResponse } from '../execution/route-response.js';
import { replayCopy, type StoredResponse, storeResponse } from './replay-copy.js';
import { RequestLifetime } from './request-lifetime.js';

/** Defaults of the replay cache: ten minutes, 64 MiB. */
export const IDEMPOTENCY_DEFAULTS = { ttlMs: 10 * 60_000, maxBytes: 64 * 1024 * 1024 } as const;

/** Bytes charged for an entry still in flight (its key, fingerprint and bookkeeping). */
const FLIGHT_BYTES = 1_024;

/** One caller of an idempotent request: its own abort signal and deadline (clock time). */
export interface IdempotentCaller {
  signal: AbortSignal | undefined;
  deadline: number;
}

/** The shared upstream call, started once for all callers of a key. */
export interface StartedFlight {
  result: Promise<RouteResponse>;
  /** Moves the upstream call's deadline later, to the latest caller's. */
  extendTo(deadline: number): void;
}

interface Flight extends StartedFlight {
  controller: AbortController;
  waiting: number;
  settled: boolean;
  /** The answer in replayable form, made once for every caller. */
  stored?: StoredResponse;
}

interface Entry {
  fingerprint: string;
  flight?: Flight;
  stored?: StoredResponse;
}

/**
 * Single-flight and replay for `intent.idempotencyKey`: a request whose key is in flight joins the one
 * upstream call, and one answered within `ttlMs` is replayed, instead of a second provider call. Each caller
 * keeps its own abort signal and deadline (one caller's abort never fails another; the upstream call is
 * cancelled only when every caller has left), and every caller gets its own copy of the response. The cache
 * is bounded in bytes (`maxBytes`); a response larger than that is not kept. Reusing a key for a different
 * request is a validation error; a failed request frees its key.
 *
 * @example
 * const cache = new IdempotencyCache(clock);
 * const res = await cache.run('order-42', fingerprint, caller, (flight) => startUpstream(flight));
 */
export class IdempotencyCache {
  readonly #entries: LRUCache<string, Entry>;
  readonly #clock: Clock;

  constructor(clock: Clock, options: { ttlMs?: number; maxBytes?: number } = {}) {
    this.#clock = clock;
    this.#entries = new LRUCache<string, Entry>({
      ttl: options.ttlMs ?? IDEMPOTENCY_DEFAULTS.ttlMs,
      maxSize: Math.max(1, options.maxBytes ?? IDEMPOTENCY_DEFAULTS.maxBytes),
      sizeCalculation: (entry, key) =>
        key.length * 2 + entry.fingerprint.length * 2 + (entry.stored?.bytes ?? FLIGHT_BYTES),
      // Read the router clock on every check: a cached 'now' would outlive a virtual clock's jumps.
      ttlResolution: 0,
      perf: { now: () => clock.now() },
    });
  }

  /** The response for `key`: a copy of the one under way or recorded, or of a new one from `start`. */
  run(
    key: string,
    fingerprint: string,
    caller: IdempotentCaller,
    start: (upstream: { signal: AbortSignal; deadline: number }) => StartedFlight,
  ): Promise<RouteResponse> {
    const found = this.#entries.get(key);
    if (found && found.fingerprint !== fingerprint) {
      return Promise.reject(
        new ValidationError('idempotencyKey was already used for a different request', [
          { path: 'idempotencyKey', message: 'reused with a different intent or objective' },
        ]),
      );
    }
    if (found?.stored) return Promise.resolve(replayCopy(found.stored));
    return this.#join(found?.flight ?? this.#start(key, fingerprint, caller, start), caller);
  }

  #start(
    key: string,
    fingerprint: string,
    caller: IdempotentCaller,
    start: (upstream: { signal: AbortSignal; deadline: number }) => StartedFlight,
  ): Flight {
    const controller = new AbortController();
    const started = start({ signal: controller.signal, deadline: caller.deadline });
    const flight: Flight = { ...started, controller, waiting: 0, settled: false };
    this.#entries.set(key, { fingerprint, flight });
    const mine = () => this.#entries.get(key)?.flight === flight;
    flight.result.then(
      (response) => {
        flight.settled = true;
        const stored = storeResponse(response);
        if (stored) flight.stored = stored;
        if (!mine()) return;
        if (stored) this.#entries.set(key, { fingerprint, stored });
        else this.#entries.delete(key);
      },
      () => {
        flight.settled = true;
        if (mine()) this.#entries.delete(key);
      },
    );
    return flight;
  }

  /** One caller's view of a flight: its own deadline and abort, a copy of the response. */
  async #join(flight: Flight, caller: IdempotentCaller): Promise<RouteResponse> {
    flight.waiting++;
    flight.extendTo(caller.deadline);
    const lifetime = new RequestLifetime(this.#clock, caller.deadline, caller.signal);
    try {
      const response = await Promise.race([flight.result, lifetime.aborted]);
      return replayCopy(flight.stored ?? withoutRaw(response));
    } catch (error) {
      throw lifetime.ended ? lifetime.endedError() : error;
    } finally {
      lifetime.dispose();
      // The upstream call is cancelled only when nobody is waiting for it any more.
      if (--flight.waiting === 0 && !flight.settled) flight.controller.abort(lifetime.endedError());
    }
  }
}

/** A response whose `raw` body is not JSON: each caller gets a copy without it rather than a shared one. */
function withoutRaw(response: RouteResponse): StoredResponse {
  // Everything but `raw` is router-built plain data, so this serialises.
  return storeResponse({ ...response, raw: undefined }) as StoredResponse;
}
