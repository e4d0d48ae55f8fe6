import type { Clock } from '@apikeyrouter/core';
import { Cluster, Redis } from 'ioredis';
import { ownedCluster, type RedisClusterOptions } from './cluster-client.js';
import type { FusedScript } from './fused-script.js';
import { LuaScript } from './lua-script.js';
import { callFailure } from './redis-errors.js';
import { ScriptFusion } from './script-fusion.js';
import { SettleBatch } from './settle-batch.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * A client the stores can use: a standalone `Redis` or a `Cluster` from ioredis.
 *
 * @example
 * const client: RedisClient = new Redis('redis://127.0.0.1:6379');
 */
export type RedisClient = Redis | Cluster;

/**
 * Options of {@link RedisConnection}.
 *
 * @example
 * new RedisConnection({ url: 'redis://127.0.0.1:6379', timeoutMs: 500 });
 */
export interface RedisConnectionOptions {
  /** Redis URL, used when no client is given. @example 'redis://127.0.0.1:6379' */
  url?: string;
  /** An existing client (standalone or Cluster); not closed by `close()`. */
  client?: RedisClient;
  /** Seed nodes of a Redis Cluster to connect to (used when no client is given; wins over `url`). */
  cluster?: RedisClusterOptions;
  /** Longest wait for one Redis call before it counts as unavailable. @example 500 */
  timeoutMs: number;
  /** Prefix of the stores' keys (the clock frame is kept per prefix). @example 'akr' */
  prefix: string;
  /** The routers' clock, read when measuring the offset from Redis TIME. @example new SystemClock() */
  clock: Clock;
  /** How long settlement scripts wait to leave together (0: at once). See {@link SettleBatch}. @example 5 */
  settleDelayMs?: number;
  /**
   * Scripts whose calls made in the same tick are sent as one EVALSHA of this combined script — on a single
   * server only (a Cluster client sends every script by itself: their keys sit in different slots).
   */
  fuse?: FusedScript;
}

/**
 * ARGV: `own`, this replica's offset from Redis TIME. Returns `own − frame`, where `frame` is the `own` of the
 * first replica that asked (kept in KEYS[1]). Adding the result to the caller's instants puts every replica
 * on the first one's clock, corrected by Redis TIME, so they all count the same windows.
 */
const CLOCK_FRAME = new LuaScript(
  'clock.frame',
  `redis.call('SET', KEYS[1], ARGV[1], 'NX')
return tonumber(ARGV[1]) - tonumber(redis.call('GET', KEYS[1]))`,
);

type Listener = () => void;

/**
 * One command connection plus one subscriber connection, shared by the three stores of a
 * `createRedisStores` call. Runs scripts with EVALSHA (loading them again on NOSCRIPT), bounds every call by
 * `timeoutMs` (a slow or absent Redis fails fast with `store_unavailable`, never queues), and maps each
 * replica's clock onto the Redis server clock.
 *
 * Time: the first call after every (re)connect measures this replica's clock against Redis `TIME` and its
 * offset from the shared clock frame (the first replica's clock, as corrected by Redis TIME); every
 * instant a store sends is `now + offset`. Replicas whose clocks differ therefore count the same windows, to
 * within one round trip; the first replica (and a lone one, such as a test on a virtual clock) sees its own
 * window edges exactly.
 *
 * @example
 * const connection = new RedisConnection({ url, timeoutMs: 500 });
 * await connection.ready();
 */
export class RedisConnection {
  readonly client: RedisClient;
  /** Where the stores send commits and releases: batched for background settlement, else run at once. */
  readonly settlements: SettleBatch;
  readonly #owned: boolean;
  /** A standalone client this connection made bounds each command itself (ioredis' `commandTimeout`). */
  readonly #selfTimed: boolean;
  readonly #timeoutMs: number;
  readonly #frameKey: string;
  readonly #clock: Clock;
  #subscriber: RedisClient | undefined;
  readonly #handlers = new Map<string, (message: string) => void>();
  readonly #onReconnect = new Set<Listener>();
  readonly #onResubscribe = new Set<Listener>();
  #offset: number | undefined;
  #offsetProbe: Promise<number> | undefined;
  #closed = false;
  #wasReady = false;
  /** Collects fusable script calls per tick; undefined on a Cluster or without `fuse`. */
  readonly #fusion: ScriptFusion | undefined;

  constructor(options: RedisConnectionOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#frameKey = `${options.prefix}:clock-frame`;
    this.#clock = options.clock;
    this.settlements = new SettleBatch(
      (script, keys, args) => this.run(script, keys, args),
      options.settleDelayMs ?? 0,
    );
    if (options.client !== undefined) {
      this.client = options.client;
      this.#owned = false;
    } else if (options.cluster !== undefined) {
      this.client = ownedCluster(options.cluster, options.timeoutMs);
      this.#owned = true;
    } else {
      // No offline queue and no resend: a call made while Redis is away fails at once and the store's
      // policy decides (fail closed or degrade locally), instead of piling up until the deadline.
      this.client = new Redis(options.url ?? 'redis://127.0.0.1:6379', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: options.timeoutMs,
        retryStrategy: (times) => Math.min(50 * times, 1_000),
        lazyConnect: true,
        // No auto-pipelining: the hot-path scripts of a tick already leave as one combined call (ScriptFusion);
        // auto-pipelining would wrap that one command in a Pipeline and hold it until setImmediate, which cost
        // CPU per call and throughput (see docs/scaling.md, "Why ioredis").
        enableAutoPipelining: false,
      });
      this.#owned = true;
    }
    // A Cluster's own timeouts cover node connections, not a command waiting on a slot refresh: our timer does.
    this.#selfTimed = this.#owned && this.client instanceof Redis;
    this.#fusion =
      options.fuse === undefined || this.client instanceof Cluster
        ? undefined
        : new ScriptFusion(options.fuse, (script, keys, args) => this.#send(script, keys, args), callFailure);
    this.client.on('error', () => undefined);
    this.client.on('ready', () => this.#ready());
  }

  /** Whether calls of the hot-path scripts are combined per tick (a single server with `fuse`). */
  get fusing(): boolean {
    return this.#fusion !== undefined;
  }

  /** Connects (when this connection made the client) and opens the subscriber connection. */
  async ready(): Promise<void> {
    if (this.#owned && this.client.status === 'wait') await this.client.connect();
    if (this.#subscriber === undefined) {
      const subscriber =
        this.client instanceof Cluster
          ? // Subscribes queue until the cluster is ready (ioredis re-subscribes a Cluster's channels itself).
            this.client.duplicate([], { enableOfflineQueue: true, lazyConnect: true })
          : // ioredis' own re-subscribe after a reconnect has no rejection handler: a connection lost again
            // mid-way (maxRetriesPerRequest 0 is inherited) became an unhandled rejection. We re-subscribe.
            this.client.duplicate({ enableOfflineQueue: true, lazyConnect: true, autoResubscribe: false });
      subscriber.on('error', () => undefined);
      if (subscriber instanceof Redis) subscriber.on('ready', () => this.#resubscribe(subscriber));
      subscriber.on('message', (channel: string, message: string) => this.#handlers.get(channel)?.(message));
      this.#subscriber = subscriber;
      if (subscriber.status === 'wait') await subscriber.connect();
    }
    this.#wasReady = true;
  }

  /** Whether the command connection is usable now. */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  /** Calls `listener` after every reconnect (not the first connect): the stores resynchronise there. */
  onReconnect(listener: Listener): void {
    this.#onReconnect.add(listener);
  }

  /**
   * Calls `listener` once the subscriber connection is subscribed again after losing its connection: change
   * messages published meanwhile were missed, so the stores compare their copies with Redis there.
   */
  onResubscribe(listener: Listener): void {
    this.#onResubscribe.add(listener);
  }

  /** Subscribes the shared subscriber connection to `channel` (re-subscribed by ioredis on reconnect). */
  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.#handlers.set(channel, handler);
    await this.#subscriber?.subscribe(channel);
  }

  /** Runs a script with EVALSHA; on NOSCRIPT loads it and runs it again. Fails with `store_unavailable`. */
  async run<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    if (this.#closed) throw storeUnavailable(script.name, new Error('the Redis stores are closed'));
    if (this.#fusion !== undefined) {
      if (this.#fusion.fuses(script)) return this.#fusion.call<T>(script, keys, args);
      // Calls collected earlier in this tick go first: commands reach Redis in the order they were made.
      this.#fusion.flush();
    }
    try {
      return (await this.#send(script, keys, args)) as T;
    } catch (error) {
      throw callFailure(script.name, error);
    }
  }

  /** One EVALSHA bounded by the timeout; rejects with the client's own error. */
  #send(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    // The hot path: a client this connection made bounds each command itself, so no wrapper closure or timer.
    return this.#selfTimed
      ? this.#evalsha(script, keys, args)
      : this.#timed(() => this.#evalsha(script, keys, args));
  }

  async #evalsha<T>(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<T> {
    try {
      return (await this.client.evalsha(script.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return (await this.client.eval(script.source, keys.length, ...keys, ...args)) as T;
    }
  }

  /** Runs any client call bounded by the timeout; every failure becomes `store_unavailable`. */
  async bounded<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.#closed) throw storeUnavailable(operation, new Error('the Redis stores are closed'));
    this.#fusion?.flush();
    try {
      // A client this connection made has ioredis' own per-command timeout: no timer of ours per call.
      return await (this.#selfTimed ? call() : this.#timed(call));
    } catch (error) {
      throw callFailure(operation, error);
    }
  }

  /** `call` raced against the timeout (for clients without ioredis' own per-command timeout). */
  async #timed<T>(call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * {@link toStoreTime} without waiting, once the offset is known (every call but the first after a
   * (re)connect): undefined until then.
   */
  storeTime(now: number): number | undefined {
    return this.#offset === undefined ? undefined : now + this.#offset;
  }

  /** Maps an instant of the caller's clock onto the shared store clock (see the class doc). */
  async toStoreTime(now: number): Promise<number> {
    if (this.#offset !== undefined) return now + this.#offset;
    this.#offsetProbe ??= this.#measureOffset().finally(() => {
      this.#offsetProbe = undefined;
    });
    const offset = Number(await this.#offsetProbe);
    this.#offset ??= offset;
    return now + this.#offset;
  }

  /**
   * This replica's offset from the shared frame: Redis TIME minus the clock's reading at the midpoint of the
   * fastest of three round trips (error at most half that round trip), then compared with the frame.
   */
  async #measureOffset(): Promise<number> {
    let best = { rtt: Number.POSITIVE_INFINITY, own: 0 };
    for (let probe = 0; probe < 3; probe++) {
      const before = this.#clock.now();
      const [seconds, micros] = await this.bounded('TIME', () => this.client.time());
      const after = this.#clock.now();
      const server = Number(seconds) * 1000 + Number(micros) / 1000;
      if (after - before < best.rtt)
        best = { rtt: after - before, own: Math.round(server - (before + after) / 2) };
    }
    return Number(await this.run<number>(CLOCK_FRAME, [this.#frameKey], [best.own]));
  }

  /** Maps a store instant back onto the caller's clock. */
  fromStoreTime(instant: number): number {
    return instant - (this.#offset ?? 0);
  }

  /** Sends queued settlements and waits for them, then closes the subscriber and an owned client. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.settlements.drain();
    this.#fusion?.flush();
    this.#closed = true;
    this.#subscriber?.disconnect();
    if (this.#owned) this.client.disconnect();
  }

  #resubscribe(subscriber: Redis): void {
    // A failure means the connection dropped again; the next 'ready' tries once more.
    if (this.#handlers.size === 0) return;
    subscriber
      .subscribe(...this.#handlers.keys())
      .then(() => {
        if (this.#closed) return;
        for (const listener of this.#onResubscribe) listener();
      })
      .catch(() => undefined);
  }

  #ready(): void {
    // A reconnect may be to a restarted server with another clock: measure again on the next call.
    this.#offset = undefined;
    if (!this.#wasReady || this.#closed) return;
    for (const listener of this.#onReconnect) listener();
  }
}
