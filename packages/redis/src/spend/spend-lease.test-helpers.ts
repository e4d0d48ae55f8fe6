import { SystemClock } from '@apikeyrouter/core';
import type { BudgetRecord, SpendLine, SpendReserveRequest } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, vi } from 'vitest';
import { RedisConnection } from '../connection/redis-connection.js';
import { type LeaseOptions, leaseSettings } from '../lease/lease-options.js';
import { AvailabilityEvents } from '../policy/availability-events.js';
import type { UnavailablePolicy } from '../quota/degrading-quota-store.js';
import { HOT_PATH } from '../scripts/hot-path-lua.js';
import type { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import { DegradingSpendStore } from './degrading-spend-store.js';
import { RedisSpendStore } from './redis-spend-store.js';

// What the spend lease tests share: budgets, requests, and replicas on a real redis-server.

/** Decimals at 100 significant digits (the global Decimal rounds to 20). */
export const Exact = Decimal.clone({ precision: 100 });
export const SERIES = [{ dimension: 'global' as const, id: '*' }];
/** How long a test request's hold lives. */
export const TTL = 30_000;

/**
 * A hard global budget of `limit`, all time.
 *
 * @example
 * await spend.putBudget(hardBudget('1', 'b2'));
 */
export function hardBudget(limit: string, id = 'b1'): BudgetRecord {
  return { id, scope: 'global', limit, period: 'total', enforcementMode: 'hard', createdAt: 0 };
}

/**
 * A line capped at `limit` on budget `budgetId`.
 *
 * @example
 * capped('1'); // { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit: '1' }
 */
export function capped(limit: string, budgetId = 'b1'): SpendLine {
  return { budgetId, countFrom: 0, bucketStart: 0, limit };
}

/** The line a commit of b1 names. */
export const COMMIT_LINE: SpendLine = { budgetId: 'b1', countFrom: 0, bucketStart: 0 };

/**
 * A reserve of `amount` on b1 capped at `limit`, in the global series.
 *
 * @example
 * await spend.reserve(request('r1', '0.01', '1'));
 */
export function request(id: string, amount: string, limit: string, at = Date.now()): SpendReserveRequest {
  return { reservationId: id, amount, lines: [capped(limit)], series: SERIES, at, expiresAt: at + TTL };
}

/**
 * One replica's spend store on its own connection, as createRedisStores builds it (with the degrading store
 * around it, whose write-back runs after every reconnect).
 *
 * @example
 * const a = await replicas.replica('p', { activeMs: 10_000 });
 */
export interface LeaseReplica {
  connection: RedisConnection;
  spend: RedisSpendStore;
  degrading: DegradingSpendStore;
  /** What the stores' close() does with leases: retire them, drain settlements, publish, disconnect. */
  close(): Promise<void>;
  /** Dies: no retire, no settlement, its connections cut. */
  kill(): void;
}

/**
 * Options of {@link LeaseReplicas.replica}.
 *
 * @example
 * const options: ReplicaOptions = { settleDelayMs: 5, timeoutMs: 200, policy: 'local' };
 */
export interface ReplicaOptions {
  /** See RedisConnectionOptions.settleDelayMs. @example 5 */
  settleDelayMs?: number;
  /** See RedisConnectionOptions.timeoutMs. Default 2,000. @example 200 */
  timeoutMs?: number;
  /** The degrading store's policy. Default 'fail-closed'. @example 'local' */
  policy?: UnavailablePolicy;
}

/**
 * Replicas and Redis readings for the lease tests of one file.
 *
 * @example
 * const replicas = leaseReplicas(useRedisServer());
 */
export interface LeaseReplicas {
  replica(prefix: string, leases?: boolean | LeaseOptions, options?: ReplicaOptions): Promise<LeaseReplica>;
  /** Script calls Redis has run so far (EVALSHA and EVAL), from its own counters. */
  scriptCalls(): Promise<number>;
  /** Redis's own view of a budget and of the global series, read by a fresh replica (no lease, no cache). */
  inRedis(prefix: string, budgetId?: string): Promise<{ spent: string; reserved: string; requests: number }>;
  /** A plain client on the server (for admin commands and raw script runs). */
  admin(): Redis;
}

/**
 * Registers the hooks of a file's lease tests: an admin client, and every replica closed at the end.
 *
 * @example
 * const replicas = leaseReplicas(useRedisServer());
 * const a = await replicas.replica('lease-x', true);
 */
export function leaseReplicas(redis: ReturnType<typeof useRedisServer>): LeaseReplicas {
  let admin: Redis | undefined;
  beforeAll(() => {
    admin = new Redis(redis.server().url);
  });
  afterAll(() => admin?.disconnect());
  const open: LeaseReplica[] = [];
  afterAll(async () => {
    await Promise.all(open.map((replica) => replica.close().catch(() => undefined)));
  });

  const replica = async (prefix: string, leases?: boolean | LeaseOptions, options: ReplicaOptions = {}) => {
    const clock = new SystemClock();
    const connection = new RedisConnection({
      url: redis.server().url,
      timeoutMs: options.timeoutMs ?? 2_000,
      prefix,
      clock,
      fuse: HOT_PATH,
      settleDelayMs: options.settleDelayMs ?? 0,
    });
    await connection.ready();
    const spend = new RedisSpendStore(connection, { prefix, leases: leaseSettings(leases) });
    await spend.start();
    const events = new AvailabilityEvents();
    const degrading = new DegradingSpendStore(spend, {
      policy: options.policy ?? 'fail-closed',
      replicas: 1,
      events,
      clock,
    });
    connection.onReconnect(() => {
      degrading.flush(clock.now()).catch(() => undefined);
    });
    let closed = false;
    const made: LeaseReplica = {
      connection,
      spend,
      degrading,
      kill: () => {
        closed = true;
        spend.stop();
        connection.client.disconnect();
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await spend.retireLeases();
        await connection.settlements.drain();
        await spend.flushChanges().catch(() => undefined);
        spend.stop();
        await connection.close();
      },
    };
    open.push(made);
    return made;
  };

  return {
    replica,
    admin: () => {
      if (admin === undefined) throw new Error('admin client not connected');
      return admin;
    },
    scriptCalls: async () => {
      const stats = (await (admin as Redis).info('commandstats')) as string;
      const count = (name: string) =>
        Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      return count('evalsha') + count('eval');
    },
    inRedis: async (prefix: string, budgetId = 'b1') => {
      const reader = await replica(prefix);
      const totals = reader.spend.totals(budgetId, 0);
      const series = await reader.spend.spendBetween(
        SERIES[0] as (typeof SERIES)[0],
        0,
        Date.now() + 3_600_000,
      );
      await reader.close();
      return { ...totals, requests: series.requests };
    },
  };
}

/**
 * Counts a replica's script calls from now on (after the clock offset is measured: the first call does).
 *
 * @example
 * const run = await countedRuns(a);
 * run.names(); // ['spend.reserve']
 */
export async function countedRuns(
  replica: LeaseReplica,
): Promise<{ names(): string[]; ids(): unknown[]; clear(): void }> {
  await replica.connection.toStoreTime(Date.now());
  const run = vi.spyOn(replica.connection, 'run');
  return {
    names: () => run.mock.calls.map((call) => call[0].name),
    // The reservation ids of the reserves sent (ARGV[2]).
    ids: () => run.mock.calls.filter((call) => call[0].name === 'spend.reserve').map((call) => call[2][1]),
    clear: () => run.mockClear(),
  };
}
