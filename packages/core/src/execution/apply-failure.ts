import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { RouterError } from '../errors/router-error.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { RouterCore } from '../router/router-core.js';

/** When a throttled key may be used again: the provider's wait, else the reset of an emptied window. */
function throttleUntil(now: number, error: RouterError, defaultThrottleMs: number): number {
  if (error.retryAfterMs !== undefined) return now + error.retryAfterMs;
  const observation: RateLimitObservation | undefined = error.rateLimits;
  if (observation?.retryAfterMs !== undefined) return now + observation.retryAfterMs;
  let latest: number | undefined;
  for (const dimension of observation?.dimensions ?? []) {
    if (dimension.remaining === 0 && dimension.resetAt !== undefined)
      latest = Math.max(latest ?? 0, dimension.resetAt);
  }
  return latest ?? now + defaultThrottleMs;
}

/**
 * Feeds a failed attempt to the key's state machine and quota engine according to the error's key effect.
 *
 * @example
 * applyFailureToKey(core, record, error);
 */
export function applyFailureToKey(core: RouterCore, record: KeyRecord, error: RouterError): void {
  const now = core.clock.now();
  const reason = `${error.category}${error.status ? ` ${error.status}` : ''}${error.code ? ` ${error.code}` : ''}`;
  switch (error.keyEffect) {
    case 'throttle':
      core.registry.send(
        record,
        {
          type: 'THROTTLE',
          at: now,
          until: throttleUntil(now, error, core.defaults.defaultThrottleMs),
          reason,
        },
        'rate_limit',
      );
      break;
    case 'exhaust': {
      const until =
        error.rateLimits?.exhaustedUntil ??
        (error.retryAfterMs !== undefined ? now + error.retryAfterMs : undefined);
      const event =
        until === undefined
          ? { type: 'EXHAUST' as const, at: now, reason }
          : { type: 'EXHAUST' as const, at: now, until, reason };
      core.registry.send(record, event, 'quota_exhausted');
      break;
    }
    case 'invalidate':
      core.registry.send(record, { type: 'INVALIDATE', at: now, reason }, 'auth_failure');
      break;
    case 'failure':
      core.registry.send(record, { type: 'FAILURE', at: now, reason }, 'failure');
      break;
    case 'skip': {
      const limit = error.details?.limit;
      if (error.category === 'rate_limit' && typeof limit === 'number') {
        core.quota.markTooLarge(record.id, 'tokens_per_minute', limit);
      }
      break;
    }
    case 'none':
      break;
  }
}
