import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { BudgetScope } from './budget-types.js';
import type { SpendLedger, SpendSeries } from './ledger/spend-ledger.js';
import { addMoney, ZERO } from './money.js';
import { modelMatches } from './pricing/model-candidates.js';
import { parseOrThrow } from './validation.js';
import { BEGINNING_OF_TIME } from './window/budget-window.js';

/**
 * What `costController.getSpend()` totals: a scope (with its id unless global) over `[from, to)`.
 *
 * @example
 * const query: SpendQuery = { scope: 'model', scopeId: 'gpt-4o', from: Date.UTC(2026, 0, 1) };
 */
export interface SpendQuery {
  /** Dimension. @example 'key' */
  scope: BudgetScope;
  /** Provider id, key id, model id or `tagName:value`; required except for global. @example 'openai_3f9a' */
  scopeId?: string;
  /** Epoch ms, inclusive (rounded down to the hour). Default: all kept history. @example 1767225600000 */
  from?: number;
  /** Epoch ms, exclusive. Default: now. @example 1767312000000 */
  to?: number;
}

const spendQuerySchema = z
  .strictObject({
    scope: z.enum(['global', 'provider', 'key', 'model', 'tag']),
    scopeId: z.string().min(1).optional(),
    from: z.number().optional(),
    to: z.number().optional(),
  })
  .refine((q) => q.scope === 'global' || q.scopeId !== undefined, {
    message: 'scopeId is required',
    path: ['scopeId'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from is after to',
    path: ['from'],
  });

/**
 * Committed spend and request count for a validated query (`ValidationError` otherwise), summed over the
 * series it covers: model queries include every recorded model id the scope id covers (dated snapshots).
 *
 * @example
 * await querySpend(ledger, { scope: 'tag', scopeId: 'team:search' }, clock.now());
 */
export async function querySpend(
  ledger: SpendLedger,
  query: SpendQuery,
  now: number,
): Promise<{ total: Decimal; requests: number }> {
  const q = parseOrThrow(spendQuerySchema, query, 'Invalid spend query');
  const scopeId = q.scopeId ?? '*';
  let series: SpendSeries[];
  if (q.scope === 'global') series = [{ dimension: 'global', id: '*' }];
  else if (q.scope === 'model') {
    const ids = await ledger.seriesIds('model');
    series = ids.filter((id) => modelMatches(scopeId, id)).map((id) => ({ dimension: 'model', id }));
  } else series = [{ dimension: q.scope, id: scopeId }];
  let total = ZERO;
  let requests = 0;
  for (const one of series) {
    const part = await ledger.spendBetween(one, q.from ?? BEGINNING_OF_TIME, q.to ?? now + 1);
    total = addMoney(total, part.total);
    requests += part.requests;
  }
  return { total, requests };
}
