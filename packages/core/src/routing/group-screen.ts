import type { KeyRecord } from '../keys/key-record.js';
import type { FilterContext } from './candidate-filter.js';
import type { CandidateSet } from './candidate-set.js';
import { type KeyGroup, QUIET_SLOTS, ROTATION } from './key-group.js';
import { type ProviderScreen, screenKeys } from './key-screen.js';
import { NO_SLOT } from './used-order.js';
import { screenRemembered } from './used-screen.js';

/**
 * How one group is screened in a decision.
 *
 * @example
 * const options: GroupScreenOptions = { epoch: index.epoch, fresh: false, exhaustive: false };
 */
export interface GroupScreenOptions {
  /** The index epoch of the decision (which keys were quiet or used then, for the explanation). */
  epoch: number;
  /** Screen every key afresh, without remembered facts or shared quiet outcomes (the reference path). */
  fresh: boolean;
  /** Screen every used key even in a large group (keys of a group may differ: own prices, key budgets). */
  exhaustive: boolean;
  /** Quiet keys the request already ruled out, screened one by one (fast path only). */
  prior?: KeyRecord[] | undefined;
}

const NEVER = (): boolean => false;
/** Scratch for a group's first quiet keys: read while screening them, never kept. */
const HEAD: KeyRecord[] = [];
/** Scratch for screening one key afresh. */
const ONE: KeyRecord[] = [];

/**
 * Screens one group of interchangeable keys into `set`.
 *
 * Used keys, least recently picked first: all of them in a group with at most `ROTATION.small` used keys,
 * else until `ROTATION.screen` of them passed every filter (plus the affinity-bound key, `ctx.pinned`, and
 * the keys the request already ruled out, if they are among them). The used keys after those are not
 * screened: with the same limits, weight, tags and price, the least recently picked keys have the most quota
 * left and the least recent load, so the keys passed over are the ones picked last. They are listed in the
 * explanation, when read, with code `rotation`. Every key that is scored was screened (quota fit included);
 * keys excluded on the way keep their own reason.
 *
 * Quiet keys: on the fast path the ones the request already ruled out one by one, then the first two others
 * by id, the rest echoing the first one's outcome; on the reference path (`fresh`) every one of them.
 *
 * @example
 * screenGroup(ctx, screen, group, set, segment, { epoch: index.epoch, fresh: false, exhaustive: false });
 */
export function screenGroup(
  ctx: FilterContext,
  screen: ProviderScreen,
  group: KeyGroup,
  set: CandidateSet,
  segment: number,
  options: GroupScreenOptions,
): void {
  const used = group.used;
  if (used.size > 0) screenUsed(ctx, screen, group, set, segment, options);
  if (options.fresh) {
    screenKeys(ctx, screen, group.quietHead(group.quietCount, NEVER, HEAD), set, segment);
    return;
  }
  const prior = options.prior;
  if (prior) screenKeys(ctx, screen, prior, set, segment);
  const head = group.quietHead(QUIET_SLOTS, prior ? (record) => prior.includes(record) : NEVER, HEAD);
  if (head.length === 0) return;
  const first = set.size;
  const facts = group.facts;
  for (let r = 0; r < head.length; r++)
    screenRemembered(ctx, screen, head[r] as KeyRecord, r, facts, set, segment, group.limits);
  const rest = group.quietCount - head.length - (prior?.length ?? 0);
  if (rest > 0) set.echo(first, group, options.epoch, rest);
}

function screenUsed(
  ctx: FilterContext,
  screen: ProviderScreen,
  group: KeyGroup,
  set: CandidateSet,
  segment: number,
  options: GroupScreenOptions,
): void {
  const used = group.used;
  const rotate = !options.exhaustive && used.size > ROTATION.small;
  const pinned = ctx.pinned;
  let pinnedSeen = false;
  let eligible = 0;
  let screened = 0;
  for (let slot = used.first; slot !== NO_SLOT; slot = used.next(slot)) {
    if (rotate && eligible >= ROTATION.screen) break;
    const record = used.record(slot);
    if (screenOne(ctx, screen, group, record, slot, set, segment, options.fresh)) eligible++;
    screened++;
    if (record === pinned) pinnedSeen = true;
  }
  if (screened === used.size) return;
  // The key the request's prompt prefix is bound to is worth its own look (prompt-cache affinity).
  const pinnedSlot = pinned === undefined || pinnedSeen ? undefined : used.slotOf(pinned);
  if (pinned !== undefined && pinnedSlot !== undefined) {
    screenOne(ctx, screen, group, pinned, pinnedSlot, set, segment, options.fresh);
    screened++;
  }
  // Keys this request already ruled out (an attempt failed on them) keep their own reason in the explanation.
  const start = set.size - screened;
  for (const id of ctx.excluded.keys()) {
    const record = ctx.registry.get(id);
    const slot = record === undefined ? undefined : used.slotOf(record);
    if (record === undefined || slot === undefined || set.records.indexOf(record, start) >= 0) continue;
    screenOne(ctx, screen, group, record, slot, set, segment, options.fresh);
    screened++;
  }
  set.defer(group, options.epoch, segment, screened);
}

/** One used key, with its remembered facts (fast path) or afresh (`fresh`); returns whether it is eligible. */
function screenOne(
  ctx: FilterContext,
  screen: ProviderScreen,
  group: KeyGroup,
  record: KeyRecord,
  slot: number,
  set: CandidateSet,
  segment: number,
  fresh: boolean,
): boolean {
  if (!fresh) return screenRemembered(ctx, screen, record, slot, group.facts, set, segment);
  const i = set.size;
  ONE[0] = record;
  screenKeys(ctx, screen, ONE, set, segment);
  return set.isEligible(i);
}
