import type { Decimal } from 'decimal.js';
import { modelMatches, resolveModelCapabilities } from '../adapter/capabilities.js';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { BudgetRefusal, CostController } from '../budget/index.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { ProviderHealth } from '../health/provider-health.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { KeyRegistry } from '../keys/key-registry.js';
import type { QuotaAwarenessEngine, QuotaCheck } from '../quota/index.js';
import type { CandidateSet } from './candidate-set.js';
import type { ExclusionCode } from './explanation/explanation-types.js';
import { screenGroup } from './group-screen.js';
import { type CapabilityNeed, missingCapability } from './intent-needs.js';
import type { KeyGroup } from './key-group.js';
import type { ProviderScreen } from './key-screen.js';
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
  /** The key the request's prompt prefix is bound to (prompt-cache affinity): screened even in a large group. */
  pinned?: KeyRecord | undefined;
  /** Set by the budget filter when a downgrade budget suggests cheaper models. */
  downgrade?: string[];
  /** Set by the budget filter to the last refusal of a hard budget, to report it when nothing else fits. */
  budgetRefusal?: BudgetRefusal;
}

/** Options of {@link filterCandidates}. */
export interface FilterOptions {
  /**
   * Screen every key afresh, one by one, instead of two representatives per group of quiet keys and
   * remembered facts of used keys: the reference the fast path is tested against. Same decision (the same
   * rotation rule for large groups, see `screenGroup`), more work.
   */
  full?: boolean;
}

/**
 * Builds the candidates for one model into `set` and runs every filter on them (see {@link screenKeys}). Walks
 * only the groups of interchangeable keys (see {@link KeyGroup}) the index files under the model; keys limited
 * to other models are excluded as a whole (their entries appear when the explanation is read). In a group,
 * used keys are screened one by one, least recently picked first — in a large group only until a few passed
 * (see `screenGroup`) —, quiet keys through their first two by id, the others sharing the first one's outcome.
 * Work per decision is O(groups serving the model + used keys of small groups + a few per large group)
 * rather than O(keys).
 *
 * @example
 * const set = new CandidateSet();
 * filterCandidates(ctx, { providerId: undefined, model: 'gpt-4o-mini' }, set);
 */
export function filterCandidates(
  ctx: FilterContext,
  target: ModelTarget,
  set: CandidateSet,
  options: FilterOptions = {},
): void {
  const started = performance.now();
  const providerIds = target.providerId !== undefined ? [target.providerId] : ctx.providers.keys();
  const constraints = ctx.objective.constraints;
  const budgets = ctx.costs.listBudgets();
  const keyScopedBudgets = budgets.some((budget) => budget.scope === 'key');
  // Keys with prices or budgets of their own are not interchangeable: then every key is screened.
  const keyPrices = ctx.costs.hasAnyKeyPrices();
  const exhaustive = keyScopedBudgets || keyPrices;
  const full = options.full === true || exhaustive;
  const costCache = new Map<unknown, Decimal | undefined>();
  const quietChecks = new Map<string, QuotaCheck>();
  const model = target.model;
  const index = ctx.registry.index;
  const priorByGroup = full ? undefined : priorExclusionsByGroup(ctx);
  for (const providerId of providerIds) {
    const adapter = ctx.providers.get(providerId);
    if (!adapter) continue;
    const explicit = target.providerId !== undefined;
    const servesByDefault = adapter.capabilities.models
      ? modelMatches(adapter.capabilities.models, model)
      : explicit;
    const segment = set.segment(adapter, model);
    // Keys limited to other models are not walked: the explanation lists them when it is read.
    set.excludeUnlisted(index, providerId, segment, servesByDefault);
    const lists = index.groupsFor(providerId, model, servesByDefault);
    // A provider none of whose keys serves the model has nothing to screen (most providers of a large pool).
    if (lists.length === 0) continue;
    const screen: ProviderScreen = {
      providerId,
      model,
      missing: missingCapability(resolveModelCapabilities(adapter.capabilities, model), ctx.needs),
      providerBlocked:
        (constraints?.providers !== undefined && !constraints.providers.includes(providerId)) ||
        constraints?.excludeProviders?.includes(providerId) === true,
      providerDown: ctx.health?.block(providerId, ctx.now),
      keyScopedBudgets,
      hasBudgets: budgets.length > 0,
      keyPrices,
      sharedPrice: ctx.costs.getModelPrice(model),
      costCache,
      decisionCache: new Map(),
      quietChecks,
      // Known once the first key is screened (see screenRemembered); declared here to keep one shape.
      reuse: undefined,
      sharedCost: undefined,
    };
    for (const list of lists)
      for (const group of list) {
        // Groups listing only exact model ids are filed under each: found here, they serve the model.
        if (!group.exact && !group.serves(model, servesByDefault)) continue;
        screenGroup(ctx, screen, group, set, segment, {
          epoch: index.epoch,
          fresh: full,
          exhaustive,
          prior: priorByGroup?.get(group),
        });
      }
  }
  set.decisionMicros += (performance.now() - started) * 1000;
}

/** Quiet keys the request already ruled out, by group: they are screened one by one. */
function priorExclusionsByGroup(ctx: FilterContext): Map<KeyGroup, KeyRecord[]> | undefined {
  if (ctx.excluded.size === 0) return undefined;
  const out = new Map<KeyGroup, KeyRecord[]>();
  for (const id of ctx.excluded.keys()) {
    const record = ctx.registry.get(id);
    if (!record || !ctx.registry.index.isQuiet(record)) continue;
    for (const group of ctx.registry.index.groupsOfKey(record)) {
      const list = out.get(group);
      if (list) list.push(record);
      else out.set(group, [record]);
    }
  }
  return out;
}
