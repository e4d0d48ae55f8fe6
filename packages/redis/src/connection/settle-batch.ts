import type { LuaScript } from './lua-script.js';

/**
 * Runs one script call (the connection's `run`).
 *
 * @example
 * const run: ScriptRunner = (script, keys, args) => connection.run(script, keys, args);
 */
export type ScriptRunner = <T>(
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<T>;

/** A settlement waiting for its batch: the keys it touches and how to send it. */
interface QueuedCall {
  keys: readonly string[];
  send: () => void;
}

/** Whether `queued` touches any of `keys`. */
function touching(queued: QueuedCall, keys: readonly string[]): boolean {
  return queued.keys.some((key) => keys.includes(key));
}

/** Queued calls sent at once when the queue reaches this length, before the delay is up. */
// The delay runs on a real timer, not the injected Clock: it is a transport delay (how long writes wait to be
// coalesced), not a time the router reasons about.
const MAX_QUEUED = 256;

/**
 * Settlement scripts (commits and releases) held back for a few milliseconds and then sent together, so that
 * many requests' settlements leave in one write instead of one each, and none of them lands in the same write
 * as (and ahead of) the next request's reservation. Used with background settlement only: a caller awaiting
 * the settlement would wait the delay too. `drain()` sends what is queued and waits for every call.
 *
 * @example
 * const batch = new SettleBatch((script, keys, args) => connection.run(script, keys, args), 5);
 * await batch.call(QUOTA_COMMIT, [root], [id, numbers]);
 */
export class SettleBatch {
  readonly #run: ScriptRunner;
  readonly #delayMs: number;
  #queue: QueuedCall[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<unknown>>();

  /** `delayMs` 0: every call is sent at once (inline settlement). */
  constructor(run: ScriptRunner, delayMs: number) {
    this.#run = run;
    this.#delayMs = delayMs;
  }

  /** Calls queued and not sent yet. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Runs the script now or with the next batch; settles with the script's reply or error. */
  call<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    if (this.#delayMs <= 0) return this.#track(this.#run<T>(script, keys, args));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        keys,
        send: () => {
          this.#track(this.#run<T>(script, keys, args)).then(resolve, reject);
        },
      });
      if (this.#queue.length >= MAX_QUEUED) this.flush();
      else this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
    });
  }

  /** Sends every queued call now, in one tick: on a single server they leave as one combined script call. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const queue = this.#queue;
    this.#queue = [];
    for (const queued of queue) queued.send();
  }

  /** Whether any queued call touches one of `keys`. */
  touches(keys: readonly string[]): boolean {
    return this.#queue.some((queued) => touching(queued, keys));
  }

  /**
   * Sends now, in their order, the queued calls on any of `keys`, so that a reservation sent right after
   * reaches Redis behind them: the local replica has already applied those settlements, and a store still
   * holding the old hold would refuse what the replica let through (a false `concurrency` or window refusal
   * that pauses the key). Calls on other keys keep waiting for their batch.
   */
  flushTouching(keys: readonly string[]): void {
    if (this.#queue.length === 0) return;
    const waiting: QueuedCall[] = [];
    const due: Array<() => void> = [];
    for (const queued of this.#queue) {
      if (touching(queued, keys)) due.push(queued.send);
      else waiting.push(queued);
    }
    if (due.length === 0) return;
    this.#queue = waiting;
    if (waiting.length === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    for (const send of due) send();
  }

  /** Sends what is queued and resolves once every call made so far has been answered (or failed). */
  async drain(): Promise<void> {
    // A settlement may be queued while earlier ones are answered (its caller awaited something first).
    while (this.#queue.length > 0 || this.#inFlight.size > 0) {
      this.flush();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  #track<T>(call: Promise<T>): Promise<T> {
    this.#inFlight.add(call);
    const done = () => this.#inFlight.delete(call);
    call.then(done, done);
    return call;
  }
}
