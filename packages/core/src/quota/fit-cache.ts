import type { FitPolicy } from './earliest-fit.js';
import { evaluateGroupedFit } from './grouped-fit.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { DAY_WINDOW, MINUTE_WINDOW } from './key-quota-record.js';
import type { QuotaCheck } from './quota-types.js';
import { settleStale } from './settle-reservation.js';

/**
 * A fitting check of one key, remembered with what it was computed from: the request's size, the key's and
 * its group's versions, and the span of time over which nothing it read can change on its own.
 *
 * @example
 * const memo: FitMemo | undefined = record.fit; // memo?.until
 */
export interface FitMemo {
  inputTokens: number;
  outputTokens: number;
  version: number;
  group: KeyQuotaRecord | undefined;
  groupVersion: number;
  /** Epoch ms it was computed at: the clock may be set back in tests, and a memo holds only forward. */
  from: number;
  /** Epoch ms from which it may be stale. */
  until: number;
  check: Extract<QuotaCheck, { fits: true }>;
}

/** Start of the next bucket of a ring width after `now`. */
function nextBoundary(now: number, bucketMs: number): number {
  return (Math.floor(now / bucketMs) + 1) * bucketMs;
}

/**
 * Until when a fit of `record` computed at `now` holds if the record does not change: what the windows
 * count changes only when a bucket leaves them (at a bucket boundary), and provider-only usage when it
 * lapses. Blocks and pauses in force refuse, and refusals are not remembered; those over stay over. A
 * record without limits reads no window: its fit holds until its windows empty, when a check frees them.
 */
function stableUntil(record: KeyQuotaRecord, now: number): number {
  let until = Number.POSITIVE_INFINITY;
  if (!record.limited) until = Math.min(record.minute.emptiesAt(), record.day.emptiesAt());
  else {
    if (!record.minute.empty) until = nextBoundary(now, MINUTE_WINDOW.bucketMs);
    if (!record.day.empty) until = Math.min(until, nextBoundary(now, DAY_WINDOW.bucketMs));
  }
  const external = record.external;
  if (external !== undefined) {
    const dimensions = external.length / 2;
    for (let d = 0; d < dimensions; d++) {
      const lapse = external[d + dimensions] as number;
      if (lapse > now && lapse < until) until = lapse;
    }
  }
  return until;
}

/**
 * {@link evaluateGroupedFit}, answered from the key's memo while nothing it reads has changed: same size of
 * request, same key and group versions (every change a check reads bumps them, see
 * `KeyQuotaRecord.version`) and no window boundary or lapse passed since. Only fitting checks are
 * remembered (a refusal's retry instant is computed from `now`), so the answer is the one a fresh
 * evaluation gives, without its work or allocation. The caller settles stale reservations first, as
 * before any check.
 *
 * @example
 * cachedGroupedFit(record, 200, 500, clock.now(), policy); // { fits: true, headroom: 0.3 }
 */
export function cachedGroupedFit(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): QuotaCheck {
  const memo = record.fit;
  const group = record.group;
  if (
    memo !== undefined &&
    memo.version === record.version &&
    memo.inputTokens === inputTokens &&
    memo.outputTokens === outputTokens &&
    now < memo.until &&
    now >= memo.from &&
    memo.group === group &&
    (group === undefined || memo.groupVersion === group.version)
  ) {
    return memo.check;
  }
  const fresh = evaluateGroupedFit(record, inputTokens, outputTokens, now, policy);
  if (!fresh.fits) return fresh;
  // Shared by every caller until the key changes: nobody may alter it.
  const check = Object.freeze(fresh);
  const until =
    group === undefined
      ? stableUntil(record, now)
      : Math.min(stableUntil(record, now), stableUntil(group, now));
  if (memo === undefined) {
    record.fit = {
      inputTokens,
      outputTokens,
      version: record.version,
      group,
      groupVersion: group?.version ?? 0,
      from: now,
      until,
      check,
    };
  } else {
    // Reused: a key checked on every decision would otherwise allocate a memo each time it changes.
    memo.inputTokens = inputTokens;
    memo.outputTokens = outputTokens;
    memo.version = record.version;
    memo.group = group;
    memo.groupVersion = group?.version ?? 0;
    memo.from = now;
    memo.until = until;
    memo.check = check;
  }
  return check;
}

/**
 * A key's check at `now` as `check` and `reserve` make it: reservations past their expiry (of the key and its
 * group) are settled first, as whoever looks first does, then {@link cachedGroupedFit}.
 *
 * @example
 * checkNow(record, 200, 500, clock.now(), policy); // { fits: true, headroom: 0.3 }
 */
export function checkNow(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): QuotaCheck {
  settleStale(record, now);
  if (record.group !== undefined) settleStale(record.group, now);
  return cachedGroupedFit(record, inputTokens, outputTokens, now, policy);
}
