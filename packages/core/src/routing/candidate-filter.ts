import type { Decimal } from 'decimal.js';
import { modelMatches, resolveModelCapabilities } from '../adapter/capabilities.js';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { BudgetDecision, BudgetRefusal, CostController } from '../budget/index.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { ProviderHealth } from '../health/provider-health.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { KeyRegistry } from '../keys/key-registry.js';
import { KEY_STATES } from '../keys/key-state-table.js';
import type { QuotaAwarenessEngine } from '../quota/index.js';
import type { CandidateSet } from './candidate-set.js';
import type { ExclusionCode } from './explanation/explanation-types.js';
import { type CapabilityNeed, missingCapability } from './intent-needs.js';
import type { ModelTarget } from './model-target.js';
import type { ResolvedObjective } from './objective.js';

/** Everything candidate filtering needs for one request and one model. */
export interface FilterContext {
  registry: KeyRegistry;
  providers: ReadonlyMap<string, ProviderAdapter>;
  quota: QuotaAwarenessEngine;
  costs: CostController;
  now: number;
  estimate: UsageEstimate;
  needs: readonly CapabilityNeed[];
  objective: ResolvedObjective;
  tags: Record<string, string> | undefined;
  /** Epoch ms by which the request must end; keys too slow to answer by then are skipped. */
  deadline: number;
  /** Provider circuits: the keys of a provider that is down are excluded with code `provider`. */
  health?: Pick<ProviderHealth, 'block'>;
  /** Keys ruled out for this request already (attempted, too large …). */
  excluded: ReadonlyMap<string, { code: ExclusionCode; detail: string; retryAt?: number; model?: string }>;
  /** Set by the budget filter when a downgrade budget suggests cheaper models. */
  downgrade?: string[];
  /** Set by the budget filter to the last refusal of a hard budget, to report it when nothing else fits. */
  budgetRefusal?: BudgetRefusal;
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
 * Builds the candidates for one model into `set` and runs every filter on them, cheapest first: already
 * excluded, model, provider circuit, key state, capability, constraints, quota, budget. Each exclusion carries a reason code and
 * detail. Work per key is a few comparisons; prices and budget decisions are computed once per distinct price.
 *
 * @example
 * const set = new CandidateSet();
 * filterCandidates(ctx, { providerId: undefined, model: 'gpt-4o-mini' }, set);
 */
export function filterCandidates(ctx: FilterContext, target: ModelTarget, set: CandidateSet): void {
  const providerIds = target.providerId !== undefined ? [target.providerId] : ctx.providers.keys();
  const constraints = ctx.objective.constraints;
  const maxCostLimit = constraints?.maxCostPerRequest;
  const budgets = ctx.costs.listBudgets();
  const keyScopedBudgets = budgets.some((budget) => budget.scope === 'key');
  const costCache = new Map<unknown, Decimal | undefined>();
  const decisionCache = new Map<unknown, BudgetDecision>();
  const tags = ctx.tags ?? {};
  const model = target.model;
  for (const providerId of providerIds) {
    const adapter = ctx.providers.get(providerId);
    if (!adapter) continue;
    const explicit = target.providerId !== undefined;
    const servesByDefault = adapter.capabilities.models
      ? modelMatches(adapter.capabilities.models, model)
      : explicit;
    const missing = missingCapability(resolveModelCapabilities(adapter.capabilities, model), ctx.needs);
    const providerBlocked =
      (constraints?.providers && !constraints.providers.includes(providerId)) ||
      constraints?.excludeProviders?.includes(providerId);
    const providerDown = ctx.health?.block(providerId, ctx.now);
    decisionCache.clear();
    const segment = set.segment(adapter, model);
    const sharedPrice = ctx.costs.getModelPrice(model);
    for (const record of ctx.registry.forProvider(providerId)) {
      if (!record.models && !servesByDefault) continue;
      const i = set.add(record, segment);
      const prior = ctx.excluded.size === 0 ? undefined : ctx.excluded.get(record.id);
      if (
        prior &&
        (prior.model === undefined || prior.model === model) &&
        (prior.retryAt === undefined || prior.retryAt > ctx.now)
      ) {
        set.exclude(i, prior.code, prior.detail, prior.retryAt);
        continue;
      }
      if (record.models && !modelMatches(record.models, model)) {
        set.exclude(i, 'model', `key is limited to ${record.models.join(', ')}`);
        continue;
      }
      if (providerDown) {
        set.exclude(i, 'provider', providerDown.detail, providerDown.retryAt);
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
        set.exclude(
          i,
          'constraint',
          `answers in ~${Math.round(record.latencyMs)} ms, more than the time left`,
        );
        continue;
      }
      if (missing) {
        set.exclude(i, 'capability', `${providerId}/${model} does not support ${missing}`);
        continue;
      }
      if (providerBlocked) {
        set.exclude(i, 'constraint', `provider ${providerId} is not allowed by the objective`);
        continue;
      }
      if (constraints) {
        if (constraints.keyTags && !hasTags(record, constraints.keyTags)) {
          set.exclude(i, 'constraint', 'key lacks the required tags');
          continue;
        }
        if (constraints.maxLatencyMs !== undefined && (record.latencyMs ?? 0) > constraints.maxLatencyMs) {
          set.exclude(
            i,
            'constraint',
            `latency ${Math.round(record.latencyMs ?? 0)} ms > ${constraints.maxLatencyMs} ms`,
          );
          continue;
        }
        if (constraints.minReliability !== undefined && record.reliability < constraints.minReliability) {
          set.exclude(
            i,
            'constraint',
            `reliability ${record.reliability.toFixed(2)} < ${constraints.minReliability}`,
          );
          continue;
        }
      }
      const check = ctx.quota.check(record.id, ctx.estimate, ctx.now);
      if (!check.fits) {
        set.exclude(i, check.dimension === 'too_large' ? 'too_large' : 'quota', check.detail, check.retryAt);
        continue;
      }
      set.headrooms[i] = check.headroom;
      const price = ctx.costs.hasKeyPrices(record.id)
        ? ctx.costs.getModelPrice(model, record.id)
        : sharedPrice;
      let maxCost = costCache.get(price);
      if (!costCache.has(price)) {
        maxCost = ctx.costs.maxCost(model, record.id, ctx.estimate);
        costCache.set(price, maxCost);
      }
      set.maxCosts[i] = maxCost;
      if (maxCostLimit !== undefined && (maxCost === undefined || maxCost.greaterThan(maxCostLimit))) {
        set.exclude(
          i,
          'constraint',
          maxCost === undefined
            ? 'cost unknown and the objective caps cost per request'
            : `may cost ${maxCost.toFixed(6)} > ${maxCostLimit}`,
        );
        continue;
      }
      if (budgets.length === 0) continue;
      // Without key-scoped budgets, every key of this provider with the same price gets the same decision.
      let decision = keyScopedBudgets ? undefined : decisionCache.get(price);
      if (!decision) {
        decision = ctx.costs.check({ providerId, keyId: record.id, model, tags }, maxCost);
        if (!keyScopedBudgets) decisionCache.set(price, decision);
      }
      if (decision.ok) continue;
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
  }
}
