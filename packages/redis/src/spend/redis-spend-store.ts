import { randomUUID } from 'node:crypto';
import type { BudgetScope, SpendStore } from '@apikeyrouter/core';
import type {
  BudgetRecord,
  DecimalString,
  SpendReserveRequest,
  SpendReserveResult,
  SpendSeries,
} from '@apikeyrouter/core/store';
import type { RedisConnection } from '../connection/redis-connection.js';
import {
  SPEND_BETWEEN,
  SPEND_CLAIM,
  SPEND_LOAD,
  SPEND_PUT_BUDGET,
  SPEND_REMOVE_BUDGET,
  SPEND_SEED,
} from '../scripts/spend-budget-lua.js';
import { SPEND_COMMIT, SPEND_FLUSH, SPEND_RELEASE, SPEND_RESERVE } from '../scripts/spend-lua.js';
import { ChangeFlush } from './change-flush.js';
import { type QuietCheck, spendQuietCheck } from './quiet-check.js';
import type { RedisSpendStoreOptions } from './redis-spend-store-options.js';
import type { CommitOutcome, SpendCommit } from './spend-commit.js';
import { SpendReplica } from './spend-replica.js';
import { failedLines } from './spend-reserve-reply.js';

const HOUR_MS = 3_600_000;

/**
 * The {@link SpendStore} on Redis. All spend state sits in one hash slot (`{prefix:spend}`), because one
 * reservation holds on several budgets atomically; each write is one Lua script with exact decimal
 * arithmetic. The synchronous reads answer from a local replica kept current by every write's reply and
 * by pub/sub change messages. `reserve` re-checks every capped line, so a stale replica never overspends.
 *
 * @example
 * const spend = new RedisSpendStore(connection, { prefix: 'akr' });
 * await spend.start();
 */
export class RedisSpendStore implements SpendStore {
  readonly #connection: RedisConnection;
  readonly #base: string;
  readonly #channel: string;
  readonly #retentionMs: number;
  readonly #maxSeries: number;
  readonly #replica = new SpendReplica();
  #resync: Promise<void> = Promise.resolve();
  /** A reload started because a reserve was refused as stale; concurrent refusals share it. */
  #catchingUp: Promise<void> | undefined;
  /** What this process's reserves and commits changed since its last flush (see {@link RedisSpendStore.flushChanges}). */
  readonly #changes = new ChangeFlush(async (args) => {
    const payload = await this.#connection.run<string>(SPEND_FLUSH, [this.#base], [this.#channel, ...args]);
    if (payload !== '') this.#replica.applyReply(payload);
  });

  readonly #quiet: QuietCheck;

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(connection: RedisConnection, options: RedisSpendStoreOptions) {
    this.#connection = connection;
    this.#base = `${options.prefix}:{${options.prefix}:spend}`;
    this.#channel = `${options.prefix}:spend-changes`;
    this.#retentionMs = options.retentionMs ?? 35 * 86_400_000;
    this.#maxSeries = options.maxSeries ?? 10_000;
    this.#quiet = spendQuietCheck(connection, this.#base, this.#replica, () => this.#load());
  }

  /**
   * Subscribes to change messages, then loads the replica (and reloads it after every reconnect, and when
   * writes went unannounced: see spend/quiet-check.ts).
   */
  async start(): Promise<void> {
    await this.#connection.subscribe(this.#channel, (message) => this.#replica.applyMessage(message));
    this.#connection.onReconnect(() => {
      // Best effort: while Redis stays away the replica keeps its last view; the next reconnect tries again.
      this.#resync = this.resync().catch(() => undefined);
    });
    this.#resync = this.resync();
    await this.#resync;
    this.#quiet.start();
  }

  /** Stops the quiet check (the stores' `close()`). */
  stop(): void {
    this.#quiet.stop();
  }

  /** Settles when the latest (re)load of the replica has finished, well or not. */
  synced(): Promise<void> {
    return this.#resync;
  }

  /**
   * Reloads the whole replica from Redis in one atomic read. When Redis lost its data (restarted without
   * persistence), first writes this replica's last view of budgets and committed spend back — the first
   * replica to reconnect wins — so a restart cannot reset a hard budget to zero. Holds are not restored.
   */
  async resync(): Promise<void> {
    const seed = this.#replica.seed();
    await this.#connection.run<number>(
      SPEND_SEED,
      [this.#base],
      [this.#channel, JSON.stringify(seed), randomUUID()],
    );
    await this.#load();
  }

  /** Replaces the replica with Redis's data, read in one atomic script. */
  async #load(): Promise<void> {
    this.#replica.loadSnapshot(
      await this.#connection.run<string[]>(SPEND_LOAD, [this.#base], [this.#channel]),
    );
  }

  async putBudget(budget: BudgetRecord): Promise<void> {
    const payload = await this.#connection.run<string>(
      SPEND_PUT_BUDGET,
      [this.#base],
      [this.#channel, budget.id, JSON.stringify(budget)],
    );
    this.#replica.applyReply(payload);
  }

  async removeBudget(id: string): Promise<boolean> {
    const reply = await this.#connection.run<[number, string]>(
      SPEND_REMOVE_BUDGET,
      [this.#base],
      [this.#channel, id],
    );
    this.#replica.applyReply(reply[1]);
    return Number(reply[0]) === 1;
  }

  getBudget(id: string): BudgetRecord | undefined {
    return this.#replica.getBudget(id);
  }

  listBudgets(): BudgetRecord[] {
    return this.#replica.listBudgets();
  }

  totals(budgetId: string, countFrom: number): { spent: DecimalString; reserved: DecimalString } {
    return this.#replica.totals(budgetId, countFrom);
  }

  /**
   * Publishes the current totals of every budget and bucket this process's reserves and commits changed since
   * its last flush, in one message; a no-op when there are none. Runs by itself at most 10 ms after a reserve
   * or commit, and at close.
   */
  flushChanges(): Promise<void> {
    return this.#changes.flush();
  }

  #deferred(payload: string): void {
    this.#replica.applyReply(payload, this.#changes.pending);
    this.#changes.schedule();
  }

  #catchUp(): Promise<void> {
    this.#catchingUp ??= this.resync().finally(() => {
      this.#catchingUp = undefined;
    });
    return this.#catchingUp;
  }

  /**
   * Holds the amount on every capped line if all fit. `checkBudgets` (default true) refuses with `stale` when the
   * lines were decided on an older set of budgets than Redis holds; a replay that carries spend already made
   * passes false.
   */
  async reserve(request: SpendReserveRequest, checkBudgets = true): Promise<SpendReserveResult> {
    const clock = this.#connection.storeTime(request.at) ?? (await this.#connection.toStoreTime(request.at));
    // The hold as Redis keeps it (see SPEND_RESERVE): built here, so the script stores it as it is.
    const hold = JSON.stringify({
      a: request.amount,
      b: request.lines.map((line) => line.budgetId),
      s: request.series.map((item) => [item.dimension, item.id]),
    });
    const args: Array<string | number> = [
      this.#channel,
      request.reservationId,
      request.amount,
      clock,
      clock + (request.expiresAt - request.at),
      checkBudgets ? this.#replica.budgetVersion : '',
      hold,
    ];
    for (const line of request.lines)
      args.push(line.budgetId, line.countFrom, line.limit ?? '', line.strict === true ? '1' : '');
    let reply: string[];
    try {
      reply = await this.#connection.run<string[]>(SPEND_RESERVE, [this.#base], args);
    } catch (error) {
      // The script may have run although its reply was lost: give the hold back once Redis answers.
      this.release(request.reservationId, request.at).catch(() => undefined);
      throw error;
    }
    if (reply[0] === 'ok') {
      if (reply[1] !== undefined) this.#deferred(reply[1]);
      return { ok: true };
    }
    if (reply[0] === 'stale') {
      // This replica missed a budget put or remove (its message is still on the way, or was lost with a
      // dropped subscriber): catch up before the router decides its lines again.
      if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
      await this.#catchUp();
      return { ok: false, stale: true };
    }
    if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
    return { ok: false, failed: failedLines(reply) };
  }

  async commit(request: SpendCommit): Promise<Record<string, DecimalString> | undefined> {
    const outcome = await this.settle(request);
    return outcome.kind === 'committed' ? outcome.spent : undefined;
  }

  /**
   * {@link RedisSpendStore.commit}, telling a reservation committed before (`already`: a replay of a commit
   * whose reply was lost; nothing is counted again) from one that is unknown, released or expired (`gone`).
   */
  async settle(request: SpendCommit): Promise<CommitOutcome> {
    const clock = this.#connection.storeTime(request.at) ?? (await this.#connection.toStoreTime(request.at));
    const args: Array<string | number> = [
      this.#channel,
      request.reservationId,
      request.actual,
      clock,
      request.at,
      this.#retentionMs,
      this.#maxSeries,
    ];
    for (const line of request.lines) args.push(line.budgetId, line.countFrom, line.bucketStart);
    const reply = await this.#connection.settlements.call<string[]>(SPEND_COMMIT, [this.#base], args);
    if (reply[0] === 'none' || reply[0] === 'done') {
      if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
      return { kind: reply[0] === 'done' ? 'already' : 'gone' };
    }
    this.#deferred(reply[0] as string);
    const spent: Record<string, DecimalString> = {};
    for (let at = 1; at + 1 < reply.length; at += 2) spent[reply[at] as string] = reply[at + 1] as string;
    return { kind: 'committed', spent };
  }

  async release(reservationId: string, now: number): Promise<boolean> {
    const clock = this.#connection.storeTime(now) ?? (await this.#connection.toStoreTime(now));
    const reply = await this.#connection.settlements.call<[number, string?]>(
      SPEND_RELEASE,
      [this.#base],
      [this.#channel, reservationId, clock],
    );
    if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
    return Number(reply[0]) === 1;
  }

  async claimThresholds(
    budgetId: string,
    windowKey: string,
    reached: number[],
    rearm: boolean,
  ): Promise<number[]> {
    // Nothing to claim and nothing to re-arm: the script would only note the window, which the next claim
    // does anyway; skipping it saves a round trip on every commit.
    if (reached.length === 0 && !rearm) return [];
    const reply = await this.#connection.run<string[]>(
      SPEND_CLAIM,
      [this.#base],
      [this.#channel, budgetId, windowKey, rearm ? '1' : '0', ...reached.map(String)],
    );
    return reply.map(Number);
  }

  async resetThresholds(budgetId: string): Promise<void> {
    const key = `${this.#base}:t:${budgetId}`;
    await this.#connection.bounded('spend.resetThresholds', () => this.#connection.client.del(key));
  }

  async spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: DecimalString; requests: number }> {
    const firstHour = Math.floor(from / HOUR_MS) * HOUR_MS;
    const reply = await this.#connection.run<[string, number]>(
      SPEND_BETWEEN,
      [this.#base],
      [this.#channel, `${series.dimension}\u0000${series.id}`, firstHour, to],
    );
    return { total: reply[0], requests: Number(reply[1]) };
  }

  async seriesIds(dimension: BudgetScope): Promise<string[]> {
    const names = await this.#connection.bounded('spend.seriesIds', () =>
      this.#connection.client.zrange(`${this.#base}:si`, '0', '-1'),
    );
    const prefix = `${dimension}\u0000`;
    return names.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  }
}
