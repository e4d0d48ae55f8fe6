import type { Decimal } from 'decimal.js';
import type { BudgetDecision } from '../budget/index.js';
import type { KeyRecord } from '../keys/key-record.js';
import { KEY_STATES } from '../keys/key-state-table.js';
import type { QuotaCheck } from '../quota/index.js';
import type { FilterContext } from './candidate-filter.js';
import type { CandidateSet } from './candidate-set.js';
import type { CapabilityNeed } from './intent-needs.js';

/** What the filters of one provider and model share across its keys, computed once per decision. */
export interface ProviderScreen {
  providerId: string;
  model: string;
  missing: CapabilityNeed | undefined;
  providerBlocked: boolean;
  providerDown: { detail: string; retryAt?: number } | undefined;
  keyScopedBudgets: boolean;
  hasBudgets: boolean;
  sharedPrice: unknown;
  /** Worst-case cost by price object: keys sharing a price share one computation. */
  costCache: Map<unknown, Decimal | undefined>;
  /** Budget decision by price, without key-scoped budgets (reset per provider). */
  decisionCache: Map<unknown, BudgetDecision>;
  /** Quota checks of quiet keys by declared limits (see {@link KeyGroup.limits}), for this decision. */
  quietChecks: Map<string, QuotaCheck>;
}

function hasTags(record: KeyRecord, wanted: Record<string, string>): boolean {
  for (const [name, value] of Object.entries(wanted)) if (record.tags[name] !== value) return false;
  return true;
}

function stateExclusion(record: KeyRecord): string | undefined {
  const routing = KEY_STATES[record.state].routing;
  if (routing === 'requests') return undefined;
  if (routing === 'probe') return record.inFlight > 0 ? `${record.state}: probe in flight` : undefined;
  return `${record.state}: ${record.context.reason}`;
}

/**
 * Runs every filter on entry `i` of `set` (a key serving the screen's model), cheapest first: already
 * excluded, provider circuit, key state, deadline, capability, constraints, quota, cost cap, budget. Leaves
 * the entry eligible with its headroom and worst-case cost, or excluded with a code and detail. A quiet key
 * passes its group's `quietLimits` to share the quota check with other quiet keys of the same limits.
 *
 * @example
 * screenKey(ctx, screen, record, set.add(record, segment), set);
 */
export function screenKey(
  ctx: FilterContext,
  screen: ProviderScreen,
  record: KeyRecord,
  i: number,
  set: CandidateSet,
  quietLimits?: string,
): void {
  const { model, providerId } = screen;
  const prior = ctx.excluded.size === 0 ? undefined : ctx.excluded.get(record.id);
  if (
    prior &&
    (prior.model === undefined || prior.model === model) &&
    (prior.retryAt === undefined || prior.retryAt > ctx.now)
  ) {
    set.exclude(i, prior.code, prior.detail, prior.retryAt);
    return;
  }
  if (screen.providerDown) {
    set.exclude(i, 'provider', screen.providerDown.detail, screen.providerDown.retryAt);
    return;
  }
  ctx.registry.refresh(record, ctx.now);
  const stateProblem = stateExclusion(record);
  if (stateProblem !== undefined) {
    set.exclude(i, 'state', stateProblem, record.context.until);
    return;
  }
  // A call that cannot finish before the deadline would only burn the key's quota and then be aborted.
  if (record.latencyMs !== undefined && ctx.now + record.latencyMs > ctx.deadline) {
    set.exclude(i, 'constraint', `answers in ~${Math.round(record.latencyMs)} ms, more than the time left`);
    return;
  }
  if (screen.missing) {
    set.exclude(i, 'capability', `${providerId}/${model} does not support ${screen.missing}`);
    return;
  }
  if (screen.providerBlocked) {
    set.exclude(i, 'constraint', `provider ${providerId} is not allowed by the objective`);
    return;
  }
  const constraints = ctx.objective.constraints;
  if (constraints) {
    if (constraints.keyTags && !hasTags(record, constraints.keyTags)) {
      set.exclude(i, 'constraint', 'key lacks the required tags');
      return;
    }
    if (constraints.maxLatencyMs !== undefined && (record.latencyMs ?? 0) > constraints.maxLatencyMs) {
      const latency = Math.round(record.latencyMs ?? 0);
      set.exclude(i, 'constraint', `latency ${latency} ms > ${constraints.maxLatencyMs} ms`);
      return;
    }
    if (constraints.minReliability !== undefined && record.reliability < constraints.minReliability) {
      const reliability = record.reliability.toFixed(2);
      set.exclude(i, 'constraint', `reliability ${reliability} < ${constraints.minReliability}`);
      return;
    }
  }
  let check = quietLimits === undefined ? undefined : screen.quietChecks.get(quietLimits);
  if (!check) {
    check = ctx.quota.check(record.id, ctx.estimate, ctx.now);
    if (quietLimits !== undefined) screen.quietChecks.set(quietLimits, check);
  }
  if (!check.fits) {
    set.exclude(i, check.dimension === 'too_large' ? 'too_large' : 'quota', check.detail, check.retryAt);
    return;
  }
  set.headrooms[i] = check.headroom;
  screenCost(ctx, screen, record, i, set);
}

/** The cost cap and budget filters, once a key has room. */
function screenCost(
  ctx: FilterContext,
  screen: ProviderScreen,
  record: KeyRecord,
  i: number,
  set: CandidateSet,
): void {
  const { model, providerId } = screen;
  const price = ctx.costs.hasKeyPrices(record.id)
    ? ctx.costs.getModelPrice(model, record.id)
    : screen.sharedPrice;
  let maxCost = screen.costCache.get(price);
  if (!screen.costCache.has(price)) {
    maxCost = ctx.costs.maxCost(model, record.id, ctx.estimate);
    screen.costCache.set(price, maxCost);
  }
  set.maxCosts[i] = maxCost;
  const maxCostLimit = ctx.objective.constraints?.maxCostPerRequest;
  if (maxCostLimit !== undefined && (maxCost === undefined || maxCost.greaterThan(maxCostLimit))) {
    set.exclude(
      i,
      'constraint',
      maxCost === undefined
        ? 'cost unknown and the objective caps cost per request'
        : `may cost ${maxCost.toFixed(6)} > ${maxCostLimit}`,
    );
    return;
  }
  if (!screen.hasBudgets) return;
  // Without key-scoped budgets, every key of this provider with the same price gets the same decision.
  let decision = screen.keyScopedBudgets ? undefined : screen.decisionCache.get(price);
  if (!decision) {
    decision = ctx.costs.check({ providerId, keyId: record.id, model, tags: ctx.tags ?? {} }, maxCost);
    if (!screen.keyScopedBudgets) screen.decisionCache.set(price, decision);
  }
  if (decision.ok) return;
  if (decision.reason === 'downgrade') {
    ctx.downgrade = decision.downgradeTo;
    set.exclude(
      i,
      'budget',
      `budget ${decision.budgetId} asks to downgrade to ${decision.downgradeTo.join(', ')}`,
    );
  } else if (decision.reason === 'exceeds') {
    ctx.budgetRefusal = decision;
    const first = decision.blocking[0];
    set.exclude(
      i,
      'budget',
      `budget ${first?.budgetId} has ${first?.remaining.toFixed(6)} left, request may cost ${decision.estimate.toFixed(6)}`,
    );
  } else {
    ctx.budgetRefusal = decision;
    set.exclude(i, 'budget', `price unknown and budget ${decision.budgetIds.join(', ')} is hard`);
  }
}
