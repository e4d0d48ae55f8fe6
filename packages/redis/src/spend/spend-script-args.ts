import type { SpendReserveRequest } from '@apikeyrouter/core/store';
import type { SpendCommit } from './spend-commit.js';

/**
 * SPEND_RESERVE's ARGV (see scripts/spend-lua.ts) for a request, with `clock` its `at` on the store clock and
 * `budgetVersion` the version its lines were decided on ('' not checked).
 *
 * @example
 * await connection.run(SPEND_RESERVE, [base], reserveArgs(channel, request, clock, replica.budgetVersion));
 */
export function reserveArgs(
  channel: string,
  request: SpendReserveRequest,
  clock: number,
  budgetVersion: number | '',
): Array<string | number> {
  // The hold as Redis keeps it (see SPEND_RESERVE): built here, so the script stores it as it is.
  const hold = JSON.stringify({
    a: request.amount,
    b: request.lines.map((line) => line.budgetId),
    s: request.series.map((item) => [item.dimension, item.id]),
  });
  const args: Array<string | number> = [
    channel,
    request.reservationId,
    request.amount,
    clock,
    clock + (request.expiresAt - request.at),
    budgetVersion,
    hold,
  ];
  for (const line of request.lines)
    args.push(line.budgetId, line.countFrom, line.limit ?? '', line.strict === true ? '1' : '');
  return args;
}

/**
 * SPEND_COMMIT's ARGV for a commit covering `requests` requests (1, or a spend lease's count), with `clock`
 * its `at` on the store clock.
 *
 * @example
 * await settlements.call(SPEND_COMMIT, [base], commitArgs(channel, commit, clock, { retentionMs, maxSeries }, 1));
 */
export function commitArgs(
  channel: string,
  request: SpendCommit,
  clock: number,
  limits: { retentionMs: number; maxSeries: number },
  requests: number,
): Array<string | number> {
  const args: Array<string | number> = [
    channel,
    request.reservationId,
    request.actual,
    clock,
    request.at,
    limits.retentionMs,
    limits.maxSeries,
    requests,
  ];
  for (const line of request.lines) args.push(line.budgetId, line.countFrom, line.bucketStart);
  return args;
}
