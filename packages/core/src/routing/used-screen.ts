import type { KeyRecord } from '../keys/key-record.js';
import type { FilterContext } from './candidate-filter.js';
import type { CandidateSet } from './candidate-set.js';
import { type ProviderScreen, screenKeys } from './key-screen.js';
import { FACT, type UsedFacts } from './used-facts.js';

/**
 * Whether this decision may reuse remembered facts at all: the filters that depend on the request rather
 * than the key (earlier attempts, provider circuit, capability, objective constraints, cost caps, budgets)
 * must have nothing to say, so a key's outcome depends only on the key, its quota, the time and the size.
 */
function reusable(ctx: FilterContext, screen: ProviderScreen): boolean {
  return (
    ctx.excluded.size === 0 &&
    screen.providerDown === undefined &&
    screen.missing === undefined &&
    !screen.providerBlocked &&
    ctx.objective.constraints === undefined &&
    !screen.hasBudgets &&
    screen.costCache.has(screen.sharedPrice)
  );
}

/**
 * Screens one key (see {@link screenKeys}) — a group's used key, or one of its first quiet ones — reusing what
 * the last screening of it found, kept in `facts` at its `slot`, while nothing it depends on has changed (see
 * `UsedFacts`): the same key at that slot, its stamp and its quota replica's version, the request size, the
 * span its quota fit holds, and room before the deadline. Such a key gets the same entry a fresh screening
 * gives it — eligible, with the same headroom, worst-case cost and raw scorer inputs — from a few adjacent
 * numbers. Otherwise it is screened afresh and what it shows is remembered. Returns whether it is eligible.
 *
 * @example
 * screenRemembered(ctx, screen, record, slot, group.facts, set, segment);
 */
export function screenRemembered(
  ctx: FilterContext,
  screen: ProviderScreen,
  record: KeyRecord,
  slot: number,
  facts: UsedFacts,
  set: CandidateSet,
  segment: number,
  quietLimits?: string,
): boolean {
  // Known once per screen, and again after a key screened afresh (which may fill the cost cache). Keys of one
  // screen share one price (no key has a price of its own on this path): one worst-case cost.
  if (screen.reuse === undefined) {
    // No key of this screen has a price of its own: the worst-case cost every key shares is the one
    // `screenCost` would compute for this key. Known up front, the first key may reuse its facts too.
    if (!screen.keyPrices && !screen.costCache.has(screen.sharedPrice))
      screen.costCache.set(screen.sharedPrice, ctx.costs.maxCost(screen.model, record.id, ctx.estimate));
    settle(ctx, screen);
  }
  const { now, deadline } = ctx;
  const { inputTokens, outputTokens } = ctx.estimate;
  const data = facts.data;
  const o = facts.offset(slot);
  const replica = facts.replicas[slot];
  if (
    screen.reuse === true &&
    data[o + FACT.valid] === 1 &&
    facts.records[slot] === record &&
    data[o + FACT.stamp] === record.stamp &&
    replica !== undefined &&
    data[o + FACT.quotaVersion] === replica.version &&
    replica.group === undefined &&
    data[o + FACT.inputTokens] === inputTokens &&
    data[o + FACT.outputTokens] === outputTokens &&
    now >= (data[o + FACT.from] as number) &&
    now < (data[o + FACT.until] as number) &&
    // The deadline filter: a known latency that would not finish in time excludes the key.
    !(now + (data[o + FACT.latency] as number) > deadline)
  ) {
    const i = set.add(record, segment);
    set.headrooms[i] = data[o + FACT.headroom] as number;
    set.maxCosts[i] = screen.sharedCost;
    set.latencies[i] = data[o + FACT.latency] as number;
    set.successes[i] = data[o + FACT.successes] as number;
    set.reliabilities[i] = data[o + FACT.reliability] as number;
    set.loads[i] = data[o + FACT.load] as number;
    return true;
  }
  const i = set.size;
  const one = ONE;
  one[0] = record;
  screenKeys(ctx, screen, one, set, segment, quietLimits);
  // What a key passing every filter shows is the key's own, whatever this request's other filters said.
  const eligible = set.isEligible(i);
  if (eligible) {
    // A quiet key may have shared another's check (same limits): its own check fills its own memo.
    if (quietLimits !== undefined) ctx.quota.check(record.id, ctx.estimate, now);
    const own = ctx.quota.replica(record.id);
    facts.remember(slot, record, own, inputTokens, outputTokens, set.headrooms[i] as number);
  } else {
    facts.forget(slot);
  }
  settle(ctx, screen);
  return eligible;
}

/** Scratch for screening one key afresh (screenKeys only reads it). */
const ONE: KeyRecord[] = [];

function settle(ctx: FilterContext, screen: ProviderScreen): void {
  screen.reuse = reusable(ctx, screen);
  screen.sharedCost = screen.costCache.get(screen.sharedPrice);
}
