import type { PendingChanges } from './spend-replica.js';

/**
 * How long after a reserve or commit its change is published to the other replicas, at most (a real timer: it
 * is a transport delay, like background settlement's). Every write of this process in that time goes out in
 * the same message, so other replicas parse a few hundred messages a second instead of two per request.
 */
const FLUSH_DELAY_MS = 10;

/**
 * The budgets and buckets this process's reserves and commits changed and has not published yet, and the timer
 * that publishes them (see SPEND_FLUSH): at most {@link FLUSH_DELAY_MS} after the first of them.
 *
 * @example
 * const flush = new ChangeFlush((args) => connection.run(SPEND_FLUSH, [base], [channel, ...args]));
 * replica.applyReply(payload, flush.pending);
 * flush.schedule();
 */
export class ChangeFlush {
  readonly #send: (args: Array<string | number>) => Promise<void>;
  #pending: PendingChanges = { reserved: new Set(), buckets: new Map() };
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` runs the flush script with these arguments (after the channel). */
  constructor(send: (args: Array<string | number>) => Promise<void>) {
    this.#send = send;
  }

  /** Where a deferred write's changes are noted (`SpendReplica.applyReply`). */
  get pending(): PendingChanges {
    return this.#pending;
  }

  /** Starts the timer unless one runs. */
  schedule(): void {
    this.#timer ??= setTimeout(() => this.flush().catch(() => undefined), FLUSH_DELAY_MS);
  }

  /** Publishes what is pending now (nothing to do: no call). */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    if (pending.reserved.size === 0 && pending.buckets.size === 0) return;
    this.#pending = { reserved: new Set(), buckets: new Map() };
    const args: Array<string | number> = [pending.reserved.size, ...pending.reserved];
    for (const [id, [from, start]] of pending.buckets) args.push(id, from, start);
    try {
      await this.#send(args);
    } catch (error) {
      // Goes with the next flush (after this process's next write); a replica that lost its connection
      // reloads everything when it is back.
      for (const id of pending.reserved) this.#pending.reserved.add(id);
      for (const [id, bucket] of pending.buckets) {
        const last = this.#pending.buckets.get(id);
        if (last === undefined || bucket[1] >= last[1]) this.#pending.buckets.set(id, bucket);
      }
      throw error;
    }
  }
}
