import type { Decimal } from 'decimal.js';
import type { BudgetDecision } from '../budget/index.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { QuotaCheck } from '../quota/index.js';
import type { FilterContext } from './candidate-filter.js';
import type { CandidateSet } from './candidate-set.js';
import type { CapabilityNeed } from './intent-needs.js';
import type { RoutingConstraints } from './objective.js';
import { stateExclusion } from './state-exclusion.js';

/** What the filters of one provider and model share across its keys, computed once per decision. */
export interface ProviderScreen {
  providerId: string;
  model: string;
  missing: CapabilityNeed | undefined;
  providerBlocked: boolean;
  providerDown: { detail: string; retryAt?: number } | undefined;
  keyScopedBudgets: boolean;
  hasBudgets: boolean;
  /** Whether any key has prices of its own (else every key pays `sharedPrice`). */
  keyPrices: boolean;
  sharedPrice: unknown;
  /** Worst-case cost by price object: keys sharing a price share one computation. */
  costCache: Map<unknown, Decimal | undefined>;
  /** Budget decision by price, without key-scoped budgets (reset per provider). */
  decisionCache: Map<unknown, BudgetDecision>;
  /** Quota checks of quiet keys by declared limits (see {@link KeyGroup.limits}), for this decision. */
  quietChecks: Map<string, QuotaCheck>;
  /** Whether remembered facts may be reused in this screen (see `screenRemembered`); undefined until known. */
  reuse: boolean | undefined;
  /** The worst-case cost at `sharedPrice`, once known (set with `reuse`). */
  sharedCost: Decimal | undefined;
}

function hasTags(record: KeyRecord, wanted: Record<string, string>): boolean {
  for (const [name, value] of Object.entries(wanted)) if (record.tags[name] !== value) return false;
  return true;
}

/**
 * Adds `records` (keys serving the screen's model) to `set` in `segment` and runs every filter on each,
 * cheapest first: already excluded, provider circuit, key state, deadline, capability, constraints, quota,
 * cost cap, budget. Leaves each entry eligible with its headroom and worst-case cost, or excluded with a code
 * and detail. Quiet keys pass their group's `quietLimits` to share the quota check with other quiet keys of
 * the same limits. One loop for all keys, so the per-key checks stay in one hot function.
 *
 * @example
 * screenKeys(ctx, screen, group.used, set, segment);
 */
export function screenKeys(
  ctx: FilterContext,
  screen: ProviderScreen,
  records: readonly KeyRecord[],
  set: CandidateSet,
  segment: number,
  quietLimits?: string,
): void {
  const { model, providerId } = screen;
  const constraints = ctx.objective.constraints;
  const excluded = ctx.excluded.size === 0 ? undefined : ctx.excluded;
  for (const record of records) {
    const i = set.add(record, segment);
    const prior = excluded?.get(record.id);
    if (
      prior &&
      (prior.model === undefined || prior.model === model) &&
      (prior.retryAt === undefined || prior.retryAt > ctx.now)
    ) {
      set.exclude(i, prior.code, prior.detail, prior.retryAt);
      continue;
    }
    if (screen.providerDown) {
      set.exclude(i, 'provider', screen.providerDown.detail, screen.providerDown.retryAt);
      continue;
    }
    ctx.registry.refresh(record, ctx.now);
    const stateProblem = stateExclusion(record);
    if (stateProblem !== undefined) {
      set.exclude(i, 'state', stateProblem, record.context.until);
      continue;
    }
    // A call that cannot finish before the deadline would only burn the key's quota and then be aborted.
    if (record.latencyMs !== undefined && ctx.now + record.latencyMs > ctx.deadline) {
      set.exclude(i, 'constraint', `answers in ~${Math.round(record.latencyMs)} ms, more than the time left`);
      continue;
    }
    if (screen.missing) {
      set.exclude(i, 'capability', `${providerId}/${model} does not support ${screen.missing}`);
      continue;
    }
    if (screen.providerBlocked) {
      set.exclude(i, 'constraint', `provider ${providerId} is not allowed by the objective`);
      continue;
    }
    if (constraints) {
      const problem = constraintProblem(record, constraints);
      if (problem !== undefined) {
        set.exclude(i, 'constraint', problem);
        continue;
      }
    }
    let check = quietLimits === undefined ? undefined : screen.quietChecks.get(quietLimits);
    if (!check) {
      check = ctx.quota.check(record.id, ctx.estimate, ctx.now);
      if (quietLimits !== undefined) screen.quietChecks.set(quietLimits, check);
    }
    if (!check.fits) {
      set.exclude(i, check.dimension === 'too_large' ? 'too_large' : 'quota', check.detail, check.retryAt);
      continue;
    }
    set.headrooms[i] = check.headroom;
    set.latencies[i] = record.latencyMs ?? Number.NaN;
    set.successes[i] = record.successes;
    set.reliabilities[i] = record.reliability * (record.state === 'recovering' ? 0.5 : 1);
    set.loads[i] = record.fairnessLoad();
    screenCost(ctx, screen, record, i, set);
  }
}

/** Why the objective's key constraints rule a key out, if they do. */
function constraintProblem(record: KeyRecord, constraints: RoutingConstraints): string | undefined {
  if (constraints.keyTags && !hasTags(record, constraints.keyTags)) return 'key lacks the required tags';
  if (constraints.maxLatencyMs !== undefined && (record.latencyMs ?? 0) > constraints.maxLatencyMs)
    return `latency ${Math.round(record.latencyMs ?? 0)} ms > ${constraints.maxLatencyMs} ms`;
  if (constraints.minReliability !== undefined && record.reliability < constraints.minReliability)
    return `reliability ${record.reliability.toFixed(2)} < ${constraints.minReliability}`;
  return undefined;
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
  const price =
    screen.keyPrices && ctx.costs.hasKeyPrices(record.id)
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
