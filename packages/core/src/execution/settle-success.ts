import { Decimal } from 'decimal.js';
import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { Usage } from '../adapter/usage.js';
import type { RouterCore } from '../router/router-core.js';
import type { AttemptWin } from './attempt-loop.js';
import { releaseInFlight } from './key-outcome.js';
import type { PreparedRequest } from './prepared-request.js';
import type { RequestCost } from './route-response.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Usage as the ledgers accept it: whole, finite, non-negative token counts. A buggy adapter reporting NaN or
 * negative tokens must not make the commit throw and leave a quota or budget reservation held.
 *
 * @example
 * saneUsage({ inputTokens: Number.NaN, outputTokens: 3, totalTokens: 3 }); // { inputTokens: 0, outputTokens: 3, totalTokens: 3 }
 */
export function saneUsage(usage: Usage): Usage {
  const inputTokens = count(usage?.inputTokens);
  const outputTokens = count(usage?.outputTokens);
  const sane: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (usage?.cachedInputTokens !== undefined)
    sane.cachedInputTokens = Math.min(count(usage.cachedInputTokens), inputTokens);
  if (usage?.cacheCreationInputTokens !== undefined) {
    sane.cacheCreationInputTokens = Math.min(count(usage.cacheCreationInputTokens), inputTokens);
  }
  if (usage?.reasoningTokens !== undefined)
    sane.reasoningTokens = Math.min(count(usage.reasoningTokens), outputTokens);
  return sane;
}

/**
 * Books a successful call: key state and statistics, quota reconciled with actual usage, exact cost committed
 * to the budgets, and the attempt added to the explanation.
 */
export async function settleSuccess<T>(
  core: RouterCore,
  request: PreparedRequest,
  win: AttemptWin<T>,
  usage: Usage,
  rateLimits: RateLimitObservation | undefined,
): Promise<{ cost: RequestCost; latencyMs: number; usage: Usage }> {
  usage = saneUsage(usage);
  const now = core.clock.now();
  const record = win.candidate.record;
  const callLatency = now - win.callStartedAt;
  releaseInFlight(record);
  record.recordOutcome(true, callLatency, now);
  // Money and quota first: nothing after this point may leave a reservation held.
  await core.quota.commit(win.quotaReservation, usage, rateLimits);
  const exact = core.costs.costOf(win.candidate.model, record.id, usage);
  await core.costs.commit(win.budgetReservation, exact ?? new Decimal(0));
  core.registry.send(record, { type: 'SUCCESS', at: now }, 'success');
  const attempt = {
    attempt: request.attempts.length + 1,
    keyId: record.id,
    providerId: record.providerId,
    model: win.candidate.model,
    outcome: 'success' as const,
    latencyMs: callLatency,
    waitedMs: win.waitedMs,
  };
  request.attempts.push(attempt);
  core.emitter.emit('attempt', { requestId: request.requestId, attempt });
  return {
    cost: { amount: exact ?? new Decimal(0), currency: 'USD', known: exact !== undefined },
    latencyMs: now - request.startedAt,
    usage,
  };
}
