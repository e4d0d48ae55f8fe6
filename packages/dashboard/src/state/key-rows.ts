import type { ApiKeyRouter, KeyInfo, QuotaState } from '@apikeyrouter/core';
import type { KeyRow, TimelineEntry, UsageBar } from './state-types.js';

const DAY = 86_400_000;
/** Transitions shown per key. */
const TIMELINE_LENGTH = 20;

function bar(quota: QuotaState, name: string): UsageBar | undefined {
  const dimension = quota.dimensions.find((d) => d.name === name);
  if (!dimension) return undefined;
  return {
    used: dimension.used,
    reserved: dimension.reserved,
    limit: dimension.limit,
    source: dimension.source,
  };
}

function timeline(router: ApiKeyRouter, keyId: string): TimelineEntry[] {
  return router
    .getKeyHistory(keyId)
    .slice(-TIMELINE_LENGTH)
    .map((t) => {
      const entry: TimelineEntry = { from: t.from, to: t.to, trigger: t.trigger, reason: t.reason, at: t.at };
      if (t.until !== undefined) entry.until = t.until;
      return entry;
    });
}

async function row(router: ApiKeyRouter, key: KeyInfo, now: number): Promise<KeyRow> {
  const quota = await router.quota.getQuotaState(key.id);
  const spend = await router.costController.getSpend({
    scope: 'key',
    scopeId: key.id,
    from: now - DAY,
    to: now,
  });
  const out: KeyRow = {
    id: key.id,
    label: key.label,
    providerId: key.providerId,
    state: key.state,
    since: key.stateSince,
    reason: key.stateReason,
    inFlight: key.stats.inFlight,
    capacity: quota.capacityState,
    spend24h: spend.total.toString(),
    requests: key.stats.requests,
    successes: key.stats.successes,
    failures: key.stats.failures,
    timeline: timeline(router, key.id),
  };
  if (key.until !== undefined) out.until = key.until;
  if (key.models) out.models = [...key.models];
  const rpm = bar(quota, 'requests_per_minute');
  if (rpm) out.rpm = rpm;
  const tpm = bar(quota, 'tokens_per_minute');
  if (tpm) out.tpm = tpm;
  if (key.stats.latencyMs !== undefined) out.latencyMs = Math.round(key.stats.latencyMs);
  return out;
}

/**
 * The key table: every key with its state, limits as used-vs-limit bars, in-flight requests, 24-hour spend and
 * state timeline. Built from the router's public, material-free views.
 *
 * @example
 * const rows = await keyRows(router, router.clock.now());
 */
export async function keyRows(router: ApiKeyRouter, now: number): Promise<KeyRow[]> {
  const rows: KeyRow[] = [];
  for (const key of router.listKeys()) rows.push(await row(router, key, now));
  return rows;
}
