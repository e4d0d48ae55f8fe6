import type { Budget, SpendContext } from './budget-types.js';
import type { SpendSeries } from './ledger/spend-ledger.js';
import { modelMatches } from './pricing/model-candidates.js';

/**
 * Whether a request charged to `context` counts against `budget`. Model budgets cover dated snapshots and
 * `provider/model` forms of their model (see `modelMatches`); tag budgets (`team:search`) need the tag with
 * exactly that value.
 *
 * @example
 * budgetMatches(budget, { providerId: 'openai', keyId: 'k1', model: 'gpt-4o', tags: { team: 'search' } });
 */
export function budgetMatches(budget: Budget, context: SpendContext): boolean {
  const scopeId = budget.scopeId ?? '';
  switch (budget.scope) {
    case 'global':
      return true;
    case 'provider':
      return scopeId === context.providerId;
    case 'key':
      return scopeId === context.keyId;
    case 'model':
      return modelMatches(scopeId, context.model, context.providerId);
    case 'tag': {
      const colon = scopeId.indexOf(':');
      const name = scopeId.slice(0, colon);
      return (
        context.tags !== undefined &&
        Object.hasOwn(context.tags, name) &&
        context.tags[name] === scopeId.slice(colon + 1)
      );
    }
  }
}

/**
 * The spend series a request is recorded under: global, its provider, key, model (lower case) and each tag.
 *
 * @example
 * spendSeriesOf({ providerId: 'openai', keyId: 'k1', model: 'gpt-4o' }); // global *, provider openai, key k1, model gpt-4o
 */
export function spendSeriesOf(context: SpendContext): SpendSeries[] {
  const series: SpendSeries[] = [
    { dimension: 'global', id: '*' },
    { dimension: 'provider', id: context.providerId },
    { dimension: 'key', id: context.keyId },
    { dimension: 'model', id: context.model.trim().toLowerCase() },
  ];
  for (const [name, value] of Object.entries(context.tags ?? {}))
    series.push({ dimension: 'tag', id: `${name}:${value}` });
  return series;
}
