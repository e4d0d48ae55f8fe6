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
import { SPEND_LOAD, SPEND_SEED } from '../scripts/spend-budget-lua.js';
import { SPEND_COMMIT, SPEND_FLUSH, SPEND_RELEASE, SPEND_RESERVE } from '../scripts/spend-lua.js';
import { ChangeFlush } from './change-flush.js';
import { type QuietCheck, spendQuietCheck } from './quiet-check.js';
import type { RedisSpendStoreOptions } from './redis-spend-store-options.js';
import type { CommitApplied, CommitOutcome, SpendCommit } from './spend-commit.js';
import type { LeaseBackend, LeaseSettlement } from './spend-lease-settle.js';
import { SpendLeases } from './spend-leases.js';
import { SpendReplica } from './spend-replica.js';
import { commitOutcome, failedLines } from './spend-reserve-reply.js';
import { commitArgs, reserveArgs } from './spend-script-args.js';
import * as calls from './spend-store-calls.js';

/**
 * The {@link SpendStore} on Redis. All spend state sits in one hash slot (`{prefix:spend}`), because one
 * reservation holds on several budgets atomically; each write is one Lua script with exact decimal
 * arithmetic. The synchronous reads answer from a local replica kept current by every write's reply and
 * by pub/sub change messages. `reserve` re-checks every capped line, so a stale replica never overspends.
 * With `leases`, most reserves are admitted against a slice of budget this replica holds in Redis (see
 * spend/spend-leases.ts), without a round trip.
 *
 * @example
 * const spend = new RedisSpendStore(connection, { prefix: 'akr' });
 * await spend.start();
 */
export class RedisSpendStore implements SpendStore {
  readonly #connection: RedisConnection;
  readonly #base: string;
  readonly #channel: string;
  readonly #limits: { retentionMs: number; maxSeries: number };
  readonly #place: calls.SpendPlace;
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
  /** Spend leases (`options.leases`): most reserves are admitted without a round trip. */
  readonly #leases: SpendLeases | undefined;
  /** Takes over a lease settlement that could not reach Redis (see {@link RedisSpendStore.onLeaseSettleFailed}). */
  #settleFailed: ((settlement: LeaseSettlement, error: unknown) => boolean) | undefined;

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(connection: RedisConnection, options: RedisSpendStoreOptions) {
    this.#connection = connection;
    this.#base = `${options.prefix}:{${options.prefix}:spend}`;
    this.#channel = `${options.prefix}:spend-changes`;
    this.#limits = {
      retentionMs: options.retentionMs ?? 35 * 86_400_000,
      maxSeries: options.maxSeries ?? 10_000,
    };
    this.#place = { connection, base: this.#base, channel: this.#channel };
    this.#quiet = spendQuietCheck(connection, this.#base, this.#replica, () => this.#load());
    const backend: LeaseBackend = {
      reserve: (request, check) => this.#reserve(request, check),
      settle: (commit, requests, applied) => this.#settle(commit, requests, applied),
      release: (id, now) => this.#release(id, now),
      settleFailed: (settlement, error) => this.#settleFailed?.(settlement, error) ?? false,
      replica: this.#replica,
    };
    const leases = options.leases && new SpendLeases(backend, options.leases);
    this.#leases = leases;
    // Once the replica is updated (a microtask: not inside the parse of a reply or message), no lease granted
    // on the old budgets admits anything more.
    if (leases) this.#replica.onBudgetVersion = () => queueMicrotask(() => leases.retireLive());
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

  putBudget(budget: BudgetRecord): Promise<void> {
    return calls.putBudget(this.#place, this.#replica, budget);
  }

  removeBudget(id: string): Promise<boolean> {
    return calls.removeBudget(this.#place, this.#replica, id);
  }

  getBudget(id: string): BudgetRecord | undefined {
    return this.#replica.getBudget(id);
  }

  listBudgets(): BudgetRecord[] {
    return this.#replica.listBudgets();
  }

  totals(budgetId: string, countFrom: number): { spent: DecimalString; reserved: DecimalString } {
    const totals = this.#replica.totals(budgetId, countFrom);
    return this.#leases === undefined ? totals : this.#leases.totals(budgetId, totals);
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
   * passes false. With leases, most checked reserves are admitted against this replica's lease of their lines.
   */
  async reserve(request: SpendReserveRequest, checkBudgets = true): Promise<SpendReserveResult> {
    return this.#leases?.reserve(request, checkBudgets) ?? this.#reserve(request, checkBudgets);
  }

  /**
   * How a reservation was admitted by a spend lease: `local` (no Redis call), `acquired` (its reserve asked
   * Redis for the lease); undefined when it is not lease-admitted (its commit and release go to Redis).
   */
  leaseAdmission(reservationId: string): 'local' | 'acquired' | undefined {
    return this.#leases?.admission(reservationId);
  }

  /**
   * Retires every spend lease: those with no request in flight are settled now (resolves when they are), the
   * others when their last request commits or releases. Call before the settlements drain at close.
   */
  retireLeases(): Promise<void> {
    return this.#leases?.retire() ?? Promise.resolve();
  }

  /**
   * Who takes over a spend lease's settlement when its commit cannot reach Redis (`store_unavailable`): the
   * degrading spend store (its constructor sets it) queues it with its unwritten commits and writes it once
   * Redis answers, with no time limit. The handler returns true when it took it; else the lease retries itself.
   *
   * @example
   * redisSpend.onLeaseSettleFailed((settlement) => (queue.push(settlement), true));
   * @internal
   */
  onLeaseSettleFailed(handler: (settlement: LeaseSettlement, error: unknown) => boolean): void {
    this.#settleFailed = handler;
  }

  /** One SPEND_RESERVE. */
  async #reserve(request: SpendReserveRequest, checkBudgets: boolean): Promise<SpendReserveResult> {
    const clock = this.#connection.storeTime(request.at) ?? (await this.#connection.toStoreTime(request.at));
    const args = reserveArgs(this.#channel, request, clock, checkBudgets ? this.#replica.budgetVersion : '');
    let reply: string[];
    try {
      reply = await this.#connection.run<string[]>(SPEND_RESERVE, [this.#base], args);
    } catch (error) {
      // The script may have run although its reply was lost: give the hold back once Redis answers.
      this.#release(request.reservationId, request.at).catch(() => undefined);
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
   * `requests`: how many requests the actual covers in the series (a spend lease's count, written back).
   */
  async settle(request: SpendCommit, requests = 1): Promise<CommitOutcome> {
    return this.#leases?.commit(request) ?? this.#settle(request, requests);
  }

  /** One SPEND_COMMIT of a reservation (`requests` 1) or of a lease's hold (`requests` its count). */
  async #settle(request: SpendCommit, requests: number, applied?: CommitApplied): Promise<CommitOutcome> {
    const clock = this.#connection.storeTime(request.at) ?? (await this.#connection.toStoreTime(request.at));
    const args = commitArgs(this.#channel, request, clock, this.#limits, requests);
    const reply = await this.#connection.settlements.call<string[]>(SPEND_COMMIT, [this.#base], args);
    const outcome = commitOutcome(reply);
    if (outcome.kind === 'committed') this.#deferred(reply[0] as string);
    else if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
    applied?.(outcome);
    return outcome;
  }

  async release(reservationId: string, now: number): Promise<boolean> {
    return this.#leases?.release(reservationId, now) ?? this.#release(reservationId, now);
  }

  async #release(reservationId: string, now: number): Promise<boolean> {
    const clock = this.#connection.storeTime(now) ?? (await this.#connection.toStoreTime(now));
    const reply = await this.#connection.settlements.call<[number, string?]>(
      SPEND_RELEASE,
      [this.#base],
      [this.#channel, reservationId, clock],
    );
    if (reply[1] !== undefined && reply[1] !== '') this.#replica.applyReply(reply[1]);
    return Number(reply[0]) === 1;
  }

  claimThresholds(budgetId: string, windowKey: string, reached: number[], rearm: boolean): Promise<number[]> {
    return calls.claimThresholds(this.#place, budgetId, windowKey, reached, rearm);
  }

  resetThresholds(budgetId: string): Promise<void> {
    return calls.resetThresholds(this.#place, budgetId);
  }

  spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: DecimalString; requests: number }> {
    return calls.spendBetween(this.#place, series, from, to);
  }

  seriesIds(dimension: BudgetScope): Promise<string[]> {
    return calls.seriesIds(this.#place, dimension);
  }
}
