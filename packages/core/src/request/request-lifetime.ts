import type { Clock, TimerHandle } from '../clock/clock.js';
import { RouterError } from '../errors/router-error.js';

/**
 * How long a request may live and how it ends early: one signal that fires on the caller's abort or at the
 * deadline, and a promise that rejects when it does (to race provider calls against).
 */
export interface RequestLifetime {
  /** Fires on the caller's abort or when the deadline passes; its reason is a RouterError. */
  readonly signal: AbortSignal;
  /** Rejects with the signal's reason when it fires; never resolves. */
  readonly aborted: Promise<never>;
  /** Clock time after which the request has failed. */
  readonly deadline: number;
  /** Moves the deadline later (never earlier); a shared idempotent flight does this when a caller joins. */
  extendTo(deadline: number): void;
  /** Stops the timer and the listener on the caller's signal. Idempotent. */
  dispose(): void;
}

/**
 * A lifetime ending at `deadline` (clock time) or when `parent` aborts, whichever comes first.
 * `timed: false` sets no timer: the parent alone ends it (a shared idempotent flight, whose callers each
 * hold their own deadline timer).
 *
 * @example
 * const lifetime = createLifetime(clock, clock.now() + 30_000, options.signal);
 * try { await untilEnded(call, lifetime); } finally { lifetime.dispose(); }
 */
export function createLifetime(
  clock: Clock,
  deadline: number,
  parent?: AbortSignal,
  timed = true,
): RequestLifetime {
  const controller = new AbortController();
  let timer: TimerHandle | undefined;
  let end = deadline;
  const onTimeout = () => controller.abort(new RouterError('timeout', 'The request deadline passed'));
  const onAbort = () => controller.abort(new RouterError('aborted', 'The request was aborted'));
  const schedule = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(onTimeout, Math.max(0, end - clock.now()));
  };
  if (timed) schedule();
  parent?.addEventListener('abort', onAbort, { once: true });
  let aborted: Promise<never> | undefined;
  return {
    signal: controller.signal,
    get aborted() {
      // Built on first use: most requests end before anybody races against the abort.
      if (!aborted) {
        aborted = new Promise<never>((_, reject) => {
          if (controller.signal.aborted) reject(controller.signal.reason);
          else
            controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
              once: true,
            });
        });
        aborted.catch(() => undefined);
      }
      return aborted;
    },
    get deadline() {
      return end;
    },
    extendTo(later: number) {
      if (later <= end || controller.signal.aborted) return;
      end = later;
      if (timer !== undefined) schedule();
    },
    dispose() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Settles with the call, or rejects as soon as the lifetime ends (deadline or caller): the deadline holds
 * even against an adapter that ignores its AbortSignal. A call left behind has its eventual rejection
 * swallowed.
 *
 * @example
 * const response = await untilEnded(adapter.execute(call), request);
 */
export function untilEnded<T>(call: Promise<T>, lifetime: Pick<RequestLifetime, 'aborted'>): Promise<T> {
  call.catch(() => undefined);
  return Promise.race([call, lifetime.aborted]);
}

/**
 * The error to end a request with once its signal fired: a copy of the caller's abort or the deadline.
 *
 * @example
 * if (request.signal.aborted) throw endedError(request.signal);
 */
export function endedError(signal: AbortSignal): RouterError {
  const reason: unknown = signal.reason;
  if (RouterError.isInstance(reason)) return new RouterError(reason.category, reason.message);
  return new RouterError('aborted', 'The request was aborted');
}
