import { usageInstant } from '../store/quota-store.js';
import type { KeyQuotaRecord } from './key-quota-record.js';

/** Weight of the newest duration in the smoothed request latency. */
const LATENCY_WEIGHT = 0.2;

function tokens(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Replaces a reservation by what was actually used: one request plus the given tokens, counted in the
 * windows from when the outcome is known (`now`, after the provider counted the request; at most 1 s after
 * the reservation, see `usageInstant`). A success also teaches the
 * cautious start and the request duration. Settling twice is a no-op.
 *
 * @example
 * settleUsage(record, reservation.id, clock.now(), usage.inputTokens, usage.outputTokens, true);
 */
export function settleUsage(
  record: KeyQuotaRecord,
  reservationId: string,
  now: number,
  inputTokens: number,
  outputTokens: number,
  success: boolean,
): boolean {
  const held = record.takeReservation(reservationId);
  if (held === undefined) return false;
  const input = tokens(inputTokens, held.estimate.inputTokens);
  const output = tokens(outputTokens, held.estimate.outputTokens);
  record.recordUsage(usageInstant(held.createdAt, now), now, 1, input, output);
  if (success) {
    record.successes++;
    record.touch();
    const duration = Math.max(1, now - held.createdAt);
    record.latencyMs =
      record.latencyMs === 0 ? duration : record.latencyMs + LATENCY_WEIGHT * (duration - record.latencyMs);
  }
  return true;
}

/**
 * Settles reservations past their `expiresAt` (their owner never committed or released them) as if they had
 * reached the provider with their full estimate: the conservative assumption, the same a store makes.
 *
 * @example
 * settleStale(record, clock.now());
 */
export function settleStale(record: KeyQuotaRecord, now: number): void {
  // Cheap guard for the hot path: walking the reservations allocates an iterator.
  if (record.inFlight === 0 || now < record.staleAt) return;
  record.staleAt = Number.POSITIVE_INFINITY;
  for (const reservation of record.reservations?.values() ?? []) {
    if (reservation.expiresAt > now) {
      record.staleAt = Math.min(record.staleAt, reservation.expiresAt);
      continue;
    }
    const { inputTokens, outputTokens } = reservation.estimate;
    settleUsage(record, reservation.id, now, inputTokens, outputTokens, false);
  }
}

/**
 * A reported token count if it is a finite number ≥ 0, else the fallback (the reservation's estimate).
 *
 * @example
 * countOr(usage.outputTokens, reservation.estimate.outputTokens);
 */
export function countOr(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}
