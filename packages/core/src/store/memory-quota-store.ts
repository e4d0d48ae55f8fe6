import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import {
  QUOTA_WINDOWS,
  type QuotaAmounts,
  type QuotaFacts,
  type QuotaLimits,
  type QuotaReserveRequest,
  type QuotaReserveResult,
  type QuotaStore,
  type QuotaStoreSnapshot,
  usageInstant,
} from './quota-store.js';
import { SparseWindow } from './sparse-window.js';

interface Hold {
  requests: number;
  input: number;
  output: number;
  createdAt: number;
  expiresAt: number;
}

interface KeyCounters {
  /** Channels: requests, tokens, input, output. */
  minute: SparseWindow;
  /** Channels: requests, tokens. */
  day: SparseWindow;
  /** Live holds; undefined while none. */
  holds: Map<string, Hold> | undefined;
  heldRequests: number;
  heldInput: number;
  heldOutput: number;
  nextExpiry: number;
  facts: QuotaFacts;
}

/** Window ring and channel of each windowed dimension. */
const COUNTED: ReadonlyArray<readonly [Exclude<QuotaDimension, 'concurrency'>, 'minute' | 'day', number]> = [
  ['requests_per_minute', 'minute', 0],
  ['tokens_per_minute', 'minute', 1],
  ['input_tokens_per_minute', 'minute', 2],
  ['output_tokens_per_minute', 'minute', 3],
  ['requests_per_day', 'day', 0],
  ['tokens_per_day', 'day', 1],
];

const scratch = new Float64Array(4);

function whole(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}

function amountOf(channel: number, requests: number, input: number, output: number): number {
  return channel === 0 ? requests : channel === 1 ? input + output : channel === 2 ? input : output;
}

/**
 * The in-process {@link QuotaStore}. Each method runs synchronously inside its async call, so on one event
 * loop it is atomic. Memory per key is bounded by its live window buckets (at most 61 + 98 entries, a few
 * numbers for a quiet key) and one entry per live hold (expired holds are swept on the key's next call); a key
 * with nothing left to count is forgotten.
 *
 * @example
 * const quota = new MemoryQuotaStore();
 * const router = new ApiKeyRouter({ stores: { quota } });
 */
export class MemoryQuotaStore implements QuotaStore {
  readonly #keys = new Map<string, KeyCounters>();

  async reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult> {
    const { now } = request;
    const key = this.#counters(request.keyId, now);
    if (key.holds?.has(request.reservationId) === true) return { ok: true };
    const blockedUntil = key.facts.blockedUntil ?? 0;
    if (blockedUntil > now) {
      const dimension = key.facts.blockedDimension ?? 'requests_per_minute';
      return { ok: false, dimension, used: 0, held: 0, limit: 0, retryAt: blockedUntil };
    }
    const requests = whole(request.amounts.requests);
    const input = whole(request.amounts.inputTokens);
    const output = whole(request.amounts.outputTokens);
    const refusal = refusalOf(key, request.limits, now, requests, input, output);
    if (refusal !== undefined) return refusal;
    key.holds ??= new Map();
    key.holds.set(request.reservationId, {
      requests,
      input,
      output,
      createdAt: now,
      expiresAt: request.expiresAt,
    });
    key.heldRequests += requests;
    key.heldInput += input;
    key.heldOutput += output;
    key.nextExpiry = Math.min(key.nextExpiry, request.expiresAt);
    return { ok: true };
  }

  async commit(request: {
    keyId: string;
    reservationId: string;
    actual: QuotaAmounts;
    now: number;
  }): Promise<boolean> {
    const key = this.#existing(request.keyId, request.now);
    const hold = key === undefined ? undefined : take(key, request.reservationId);
    if (key === undefined || hold === undefined) return false;
    const { actual } = request;
    count(
      key,
      usageInstant(hold.createdAt, request.now),
      request.now,
      actual.requests,
      actual.inputTokens,
      actual.outputTokens,
    );
    return true;
  }

  async release(request: { keyId: string; reservationId: string; now: number }): Promise<boolean> {
    const key = this.#existing(request.keyId, request.now);
    return key !== undefined && take(key, request.reservationId) !== undefined;
  }

  async observe(keyId: string, facts: QuotaFacts, now: number): Promise<void> {
    const key = this.#counters(keyId, now);
    if (facts.blockedUntil !== undefined && facts.blockedUntil > (key.facts.blockedUntil ?? 0)) {
      key.facts.blockedUntil = facts.blockedUntil;
      key.facts.blockedDimension = facts.blockedDimension ?? 'requests_per_minute';
    }
    if (facts.learnedLimits !== undefined) {
      key.facts.learnedLimits = { ...key.facts.learnedLimits, ...facts.learnedLimits };
    }
  }

  async snapshot(keyId: string, now: number): Promise<QuotaStoreSnapshot | undefined> {
    const key = this.#existing(keyId, now);
    if (key === undefined) return undefined;
    const used = {} as QuotaStoreSnapshot['used'];
    const held = { concurrency: key.holds?.size ?? 0 } as QuotaStoreSnapshot['held'];
    for (const [name, window, channel] of COUNTED) {
      used[name] = (window === 'minute' ? key.minute : key.day).sum(now, channel);
      held[name] = amountOf(channel, key.heldRequests, key.heldInput, key.heldOutput);
    }
    const facts: QuotaFacts = {};
    if ((key.facts.blockedUntil ?? 0) > now) {
      facts.blockedUntil = key.facts.blockedUntil as number;
      facts.blockedDimension = key.facts.blockedDimension ?? 'requests_per_minute';
    }
    if (key.facts.learnedLimits !== undefined) facts.learnedLimits = { ...key.facts.learnedLimits };
    return { keyId, used, held, facts };
  }

  async remove(keyId: string): Promise<void> {
    this.#keys.delete(keyId);
  }

  #existing(keyId: string, now: number): KeyCounters | undefined {
    const key = this.#keys.get(keyId);
    if (key === undefined) return undefined;
    sweep(key, now);
    // A key with nothing left to remember costs nothing: forget it (recreated on its next request).
    if (isEmpty(key, now)) {
      this.#keys.delete(keyId);
      return undefined;
    }
    return key;
  }

  #counters(keyId: string, now: number): KeyCounters {
    const existing = this.#existing(keyId, now);
    if (existing !== undefined) return existing;
    const key: KeyCounters = {
      minute: new SparseWindow(QUOTA_WINDOWS.minute, 4),
      day: new SparseWindow(QUOTA_WINDOWS.day, 2),
      holds: undefined,
      heldRequests: 0,
      heldInput: 0,
      heldOutput: 0,
      nextExpiry: Number.POSITIVE_INFINITY,
      facts: {},
    };
    this.#keys.set(keyId, key);
    return key;
  }
}

function refusalOf(
  key: KeyCounters,
  limits: QuotaLimits,
  now: number,
  requests: number,
  input: number,
  output: number,
): QuotaReserveResult | undefined {
  for (const [name, window, channel] of COUNTED) {
    const limit = limits[name];
    if (limit === undefined) continue;
    const used = (window === 'minute' ? key.minute : key.day).sum(now, channel);
    const held = amountOf(channel, key.heldRequests, key.heldInput, key.heldOutput);
    if (used + held + amountOf(channel, requests, input, output) > limit) {
      return { ok: false, dimension: name, used, held, limit };
    }
  }
  const concurrency = limits.concurrency;
  const holds = key.holds?.size ?? 0;
  if (concurrency !== undefined && holds + 1 > concurrency) {
    return { ok: false, dimension: 'concurrency', used: 0, held: holds, limit: concurrency };
  }
  return undefined;
}

function isEmpty(key: KeyCounters, now: number): boolean {
  return (
    key.holds === undefined &&
    key.facts.learnedLimits === undefined &&
    (key.facts.blockedUntil ?? 0) <= now &&
    key.minute.sum(now, 0) === 0 &&
    key.minute.empty &&
    key.day.sum(now, 0) === 0 &&
    key.day.empty
  );
}

function take(key: KeyCounters, reservationId: string): Hold | undefined {
  const hold = key.holds?.get(reservationId);
  if (hold === undefined) return undefined;
  key.holds?.delete(reservationId);
  if (key.holds?.size === 0) key.holds = undefined;
  key.heldRequests -= hold.requests;
  key.heldInput -= hold.input;
  key.heldOutput -= hold.output;
  return hold;
}

function count(
  key: KeyCounters,
  at: number,
  now: number,
  requests: number,
  input: number,
  output: number,
): void {
  scratch[0] = whole(requests);
  scratch[2] = whole(input);
  scratch[3] = whole(output);
  scratch[1] = (scratch[2] as number) + (scratch[3] as number);
  key.minute.add(at, now, scratch);
  key.day.add(at, now, scratch);
}

/** Expired holds count as used with what they held: the request may have reached the provider. */
function sweep(key: KeyCounters, now: number): void {
  if (now < key.nextExpiry) return;
  key.nextExpiry = Number.POSITIVE_INFINITY;
  for (const [id, hold] of key.holds ?? []) {
    if (hold.expiresAt > now) {
      key.nextExpiry = Math.min(key.nextExpiry, hold.expiresAt);
      continue;
    }
    take(key, id);
    count(key, usageInstant(hold.createdAt, now), now, hold.requests, hold.input, hold.output);
  }
}
