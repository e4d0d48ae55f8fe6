import type { Decimal } from 'decimal.js';
import { modelMatches, resolveModelCapabilities } from '../adapter/capabilities.js';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { BudgetRefusal, CostController } from '../budget/index.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { KeyRegistry } from '../keys/key-registry.js';
import type { QuotaAwarenessEngine } from '../quota/index.js';
import type { ExclusionCode } from './explanation/explanation-types.js';
import { type CapabilityNeed, missingCapability } from './intent-needs.js';
import type { ModelTarget } from './model-target.js';
import type { ResolvedObjective } from './objective.js';
import { RoutingCandidate } from './routing-candidate.js';

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
  /** Keys ruled out for this request already (attempted, too large …). */
  excluded: ReadonlyMap<string, { code: ExclusionCode; detail: string; retryAt?: number }>;
  /** Set by the budget filter when a downgrade budget suggests cheaper models. */
  downgrade?: string[];
  /** Set by the budget filter to the last refusal of a hard budget, to report it when nothing else fits. */
  budgetRefusal?: BudgetRefusal;
}

function keyServes(record: KeyRecord, adapter: ProviderAdapter, model: string, explicit: boolean): boolean {
  if (record.models) return modelMatches(record.models, model);
  if (adapter.capabilities.models) return modelMatches(adapter.capabilities.models, model);
  return explicit;
}

function hasTags(record: KeyRecord, wanted: Record<string, string>): boolean {
  for (const [name, value] of Object.entries(wanted)) if (record.tags[name] !== value) return false;
  return true;
}

function stateExclusion(record: KeyRecord): string | undefined {
  switch (record.state) {
    case 'available':
      return undefined;
    case 'recovering':
      return record.inFlight > 0 ? 'recovering: probe in flight' : undefined;
    default: {
      const until = record.context.until;
      return `${record.state}${until !== undefined ? ` until ${new Date(until).toISOString()}` : ''}: ${record.context.reason}`;
    }
  }
}

/**
 * Builds the candidates for one model and runs every filter on them, cheapest first: already excluded, model,
 * key state, capability, constraints, quota, budget. Each exclusion carries a reason code and detail.
 *
 * @example
 * const candidates = filterCandidates(ctx, { providerId: undefined, model: 'gpt-4o-mini' });
 */
export function filterCandidates(ctx: FilterContext, target: ModelTarget): RoutingCandidate[] {
  const candidates: RoutingCandidate[] = [];
  const providerIds = target.providerId !== undefined ? [target.providerId] : ctx.providers.keys();
  const constraints = ctx.objective.constraints;
  const maxCostLimit = constraints?.maxCostPerRequest;
  const costCache = new Map<unknown, Decimal | undefined>();
  for (const providerId of providerIds) {
    const adapter = ctx.providers.get(providerId);
    if (!adapter) continue;
    const explicit = target.providerId !== undefined;
    const servesByDefault = adapter.capabilities.models
      ? modelMatches(adapter.capabilities.models, target.model)
      : explicit;
    const caps = resolveModelCapabilities(adapter.capabilities, target.model);
    const missing = missingCapability(caps, ctx.needs);
    const providerBlocked =
      (constraints?.providers && !constraints.providers.includes(providerId)) ||
      constraints?.excludeProviders?.includes(providerId);
    for (const record of ctx.registry.forProvider(providerId)) {
      if (!record.models && !servesByDefault) continue;
      const candidate = new RoutingCandidate(record, adapter, target.model);
      candidates.push(candidate);
      const prior = ctx.excluded.get(record.id);
      if (prior && (prior.retryAt === undefined || prior.retryAt > ctx.now)) {
        candidate.exclude(prior.code, prior.detail, prior.retryAt);
        continue;
      }
      if (!keyServes(record, adapter, target.model, explicit)) {
        candidate.exclude('model', `key is limited to ${record.models?.join(', ')}`);
        continue;
      }
      ctx.registry.refresh(record, ctx.now);
      const stateProblem = stateExclusion(record);
      if (stateProblem !== undefined) {
        candidate.exclude('state', stateProblem, record.context.until);
        continue;
      }
      if (missing) {
        candidate.exclude('capability', `${providerId}/${target.model} does not support ${missing}`);
        continue;
      }
      if (providerBlocked) {
        candidate.exclude('constraint', `provider ${providerId} is not allowed by the objective`);
        continue;
      }
      if (constraints) {
        if (constraints.keyTags && !hasTags(record, constraints.keyTags)) {
          candidate.exclude('constraint', 'key lacks the required tags');
          continue;
        }
        if (constraints.maxLatencyMs !== undefined && (record.latencyMs ?? 0) > constraints.maxLatencyMs) {
          candidate.exclude('constraint', `latency ${Math.round(record.latencyMs ?? 0)} ms > ${constraints.maxLatencyMs} ms`);
          continue;
        }
        if (constraints.minReliability !== undefined && record.reliability < constraints.minReliability) {
          candidate.exclude('constraint', `reliability ${record.reliability.toFixed(2)} < ${constraints.minReliability}`);
          continue;
        }
      }
      const check = ctx.quota.check(record.id, ctx.estimate);
      if (!check.fits) {
        candidate.exclude(check.dimension === 'too_large' ? 'too_large' : 'quota', check.detail, check.retryAt);
        continue;
      }
      candidate.headroom = check.headroom;
      const price = ctx.costs.getModelPrice(target.model, record.id);
      let maxCost = costCache.get(price);
      if (!costCache.has(price)) {
        maxCost = ctx.costs.maxCost(target.model, record.id, ctx.estimate);
        costCache.set(price, maxCost);
      }
      candidate.maxCost = maxCost;
      if (maxCostLimit !== undefined && (maxCost === undefined || maxCost.greaterThan(maxCostLimit))) {
        candidate.exclude(
          'constraint',
          maxCost === undefined
            ? 'cost unknown and the objective caps cost per request'
            : `may cost ${maxCost.toFixed(6)} > ${maxCostLimit}`,
        );
        continue;
      }
      const decision = ctx.costs.check(
        { providerId, keyId: record.id, model: target.model, tags: ctx.tags ?? {} },
        maxCost,
      );
      if (!decision.ok) {
        if (decision.reason === 'downgrade') {
          ctx.downgrade = decision.downgradeTo;
          candidate.exclude('budget', `budget ${decision.budgetId} asks to downgrade to ${decision.downgradeTo.join(', ')}`);
        } else if (decision.reason === 'exceeds') {
          ctx.budgetRefusal = decision;
          const first = decision.blocking[0];
          candidate.exclude(
            'budget',
            `budget ${first?.budgetId} has ${first?.remaining.toFixed(6)} left, request may cost ${decision.estimate.toFixed(6)}`,
          );
        } else {
          ctx.budgetRefusal = decision;
          candidate.exclude('budget', `price unknown and budget ${decision.budgetIds.join(', ')} is hard`);
        }
      }
    }
  }
  return candidates;
}
