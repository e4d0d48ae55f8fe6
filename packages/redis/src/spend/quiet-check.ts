import type { RedisConnection } from '../connection/redis-connection.js';
import type { SpendReplica } from './spend-replica.js';

/**
 * How often a replica asks Redis whether spend was written that no change message announced. A writer
 * announces its reserves and commits at most 10 ms later (ChangeFlush); one killed in between never does.
 */
export const QUIET_CHECK_MS = 1_000;

/**
 * The backstop for change messages that never come: every {@link QUIET_CHECK_MS} it reads Redis's write
 * counter, and when the counter is ahead of every change this replica has applied and has not moved since the
 * last look (no writer is still about to announce), it reloads the replica. A writer killed between its
 * commit and its flush therefore leaves other replicas' budget views short for about two intervals, not
 * until the next write. One GET a second per replica; a failed read waits for the next look.
 *
 * @example
 * const check = new QuietCheck(() => readSeq(), () => replica.latestSeq, () => reload());
 * check.start();
 */
export class QuietCheck {
  readonly #readSeq: () => Promise<number>;
  readonly #latest: () => number;
  readonly #reload: () => Promise<void>;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #previous = Number.NaN;
  #running = false;

  constructor(
    readSeq: () => Promise<number>,
    latest: () => number,
    reload: () => Promise<void>,
    intervalMs = QUIET_CHECK_MS,
  ) {
    this.#readSeq = readSeq;
    this.#latest = latest;
    this.#reload = reload;
    this.#intervalMs = intervalMs;
  }

  /** Starts looking (a real timer, unref'd: it never keeps a process alive). */
  start(): void {
    this.#timer ??= setInterval(() => void this.look(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops looking. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One look (the timer's; exposed for tests). Resolves once any reload it started has finished. */
  async look(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const seq = await this.#readSeq();
      const quiet = seq === this.#previous;
      this.#previous = seq;
      if (quiet && seq > this.#latest()) await this.#reload();
    } catch {
      // Redis away: the reconnect reloads everything anyway.
    } finally {
      this.#running = false;
    }
  }
}

/**
 * The spend store's quiet check: reads `<base>:seq` and compares it with the replica's latest applied change;
 * `reload` is the store's own load of the replica.
 *
 * @example
 * const quiet = spendQuietCheck(connection, base, replica, () => store.load());
 * quiet.start();
 */
export function spendQuietCheck(
  connection: RedisConnection,
  base: string,
  replica: SpendReplica,
  reload: () => Promise<void>,
): QuietCheck {
  return new QuietCheck(
    async () =>
      Number((await connection.bounded('spend.seq', () => connection.client.get(`${base}:seq`))) ?? 0),
    () => replica.latestSeq,
    reload,
  );
}
