import type { FusedCall, FusedScript } from './fused-script.js';
import type { LuaScript } from './lua-script.js';

/** Sends one script call; rejects with the client's own error (mapped per call by the caller). */
export type RawScriptSender = (
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

interface PendingCall extends FusedCall {
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Most part calls in one combined script: a longer run would hold redis-server for everyone else (other
 * clients' commands wait while a script runs).
 */
const MAX_PARTS = 32;

/**
 * Collects the script calls made in one tick (a request's quota and spend reserve, its two settlements, or
 * many requests' at high concurrency) and sends them as one {@link FusedScript} call. A tick's lone call goes
 * as its own script. Calls keep their order, and `flush()` sends what is collected at once, so that a command
 * outside the fusion issued later in the tick still reaches Redis after them.
 *
 * @example
 * const fusion = new ScriptFusion(HOT_PATH, send, (name, error) => callFailure(name, error));
 * const reply = await fusion.call(QUOTA_RESERVE, [root], args);
 */
export class ScriptFusion {
  readonly #fused: FusedScript;
  readonly #send: RawScriptSender;
  readonly #failure: (operation: string, error: unknown) => unknown;
  #pending: PendingCall[] = [];
  #scheduled = false;

  constructor(
    fused: FusedScript,
    send: RawScriptSender,
    failure: (operation: string, error: unknown) => unknown,
  ) {
    this.#fused = fused;
    this.#send = send;
    this.#failure = failure;
  }

  /** Whether calls of `script` are collected. */
  fuses(script: LuaScript): boolean {
    return this.#fused.has(script);
  }

  /** Collects the call; it leaves at the end of the tick (or at the next `flush()`). */
  call<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ script, keys, args, resolve: resolve as (reply: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After every microtask of this tick: a request's two calls sit a few awaits apart.
        process.nextTick(this.#onTick);
      }
    });
  }

  readonly #onTick = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  /** Sends every collected call now. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (let at = 0; at < pending.length; at += MAX_PARTS) this.#sendChunk(pending.slice(at, at + MAX_PARTS));
  }

  #sendChunk(calls: PendingCall[]): void {
    if (calls.length === 1) {
      const only = calls[0] as PendingCall;
      this.#send(only.script, only.keys, only.args).then(only.resolve, (error: unknown) =>
        only.reject(this.#failure(only.script.name, error)),
      );
      return;
    }
    const { keys, args } = this.#fused.call(calls);
    this.#send(this.#fused.script, keys, args).then(
      (replies) => {
        if (!Array.isArray(replies) || replies.length !== calls.length) {
          const error = new Error(`${this.#fused.script.name}: ${calls.length} calls, unexpected reply`);
          for (const call of calls) call.reject(this.#failure(call.script.name, error));
          return;
        }
        for (let i = 0; i < calls.length; i++) {
          const call = calls[i] as PendingCall;
          const reply: unknown = replies[i];
          if (reply instanceof Error) call.reject(this.#failure(call.script.name, reply));
          else call.resolve(reply);
        }
      },
      (error: unknown) => {
        for (const call of calls) call.reject(this.#failure(call.script.name, error));
      },
    );
  }
}
