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
 * Screens `records` (see {@link screenKeys}) — a group's used keys, or the first quiet ones — reusing what the
 * last screening of each found, kept in `facts` at the same positions (from `from` on), while nothing it depends on has
 * changed (see `UsedFacts`): the same key at that position, its stamp and its quota replica's version, the
 * request size, the span its quota fit holds, and room before the deadline. Such a key gets the same entry a
 * fresh screening gives it — eligible, with the same headroom, worst-case cost and raw scorer inputs — from
 * a few adjacent numbers. Any other key is screened afresh, one by one, and what it shows is remembered.
 *
 * @example
 * screenRemembered(ctx, screen, group.used, group.facts, set, segment);
 */
export function screenRemembered(
  ctx: FilterContext,
  screen: ProviderScreen,
  records: readonly KeyRecord[],
  facts: UsedFacts,
  set: CandidateSet,
  segment: number,
  quietLimits?: string,
  from = 0,
): void {
  const count = records.length;
  if (count === 0) return;
  while (facts.count < from + count) facts.insert(facts.count);
  const { now, deadline } = ctx;
  const { inputTokens, outputTokens } = ctx.estimate;
  // Known once per screen, and again after a key screened afresh (which may fill the cost cache). Keys of one
  // screen share one price (no key has a price of its own on this path): one worst-case cost.
  if (screen.reuse === undefined) settle(ctx, screen);
  let reuse = screen.reuse === true;
  let maxCost = screen.sharedCost;
  const one = ONE;
  for (let r = 0; r < count; r++) {
    const record = records[r] as KeyRecord;
    const p = from + r;
    const data = facts.data;
    const o = facts.offset(p);
    const replica = facts.replicas[p];
    if (
      reuse &&
      data[o + FACT.valid] === 1 &&
      facts.records[p] === record &&
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
      set.maxCosts[i] = maxCost;
      set.latencies[i] = data[o + FACT.latency] as number;
      set.successes[i] = data[o + FACT.successes] as number;
      set.reliabilities[i] = data[o + FACT.reliability] as number;
      set.loads[i] = data[o + FACT.load] as number;
      continue;
    }
    const i = set.size;
    one[0] = record;
    screenKeys(ctx, screen, one, set, segment, quietLimits);
    // What a key passing every filter shows is the key's own, whatever this request's other filters said.
    if (set.isEligible(i)) {
      // A quiet key may have shared another's check (same limits): its own check fills its own memo.
      if (quietLimits !== undefined) ctx.quota.check(record.id, ctx.estimate, now);
      const replica = ctx.quota.replica(record.id);
      facts.remember(p, record, replica, inputTokens, outputTokens, set.headrooms[i] as number);
    } else {
      facts.forget(p);
    }
    settle(ctx, screen);
    reuse = screen.reuse === true;
    maxCost = screen.sharedCost;
  }
}

/** Scratch for screening one key afresh (screenKeys only reads it). */
const ONE: KeyRecord[] = [];

function settle(ctx: FilterContext, screen: ProviderScreen): void {
  screen.reuse = reusable(ctx, screen);
  screen.sharedCost = screen.costCache.get(screen.sharedPrice);
}
