import type { Clock } from '../clock/clock.js';
import type { RouterError } from '../errors/router-error.js';
import type { RequestPriority, ResolvedAdmission } from './admission-options.js';
import { type AdmissionRefusal, AdmissionRefusedError } from './admission-refused-error.js';
import { type AdmissionTicket, fairnessGroup, type WaitInput } from './admission-ticket.js';
import { FairQueue } from './fair-queue.js';
import { ServiceRate } from './service-rate.js';

/** Trailing window over which the recent rate of admissions is measured: the span of per-minute limits. */
const RATE_WINDOW_MS = 60_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * The router's admission control for requests that found no key with room. Instead of each sleeping until
 * "something frees up" and then all racing for it, waiters queue ({@link FairQueue}: interactive first,
 * fairness groups taking turns) and one dispatcher hands out turns in that order whenever a waiter's key is
 * due to have room. A request whose predicted wait (time until room plus the waiters ahead of it at the
 * recent admission rate) passes its deadline or wait limit is refused at once with `retryAfterMs`; so is
 * one arriving at a full queue (an interactive one displaces the newest batch waiter instead, if any).
 *
 * @example
 * const admission = new AdmissionQueue(clock, resolveAdmission({ maxWaitMs: 2_000 }, 1_000));
 * const ticket = admission.ticket('interactive', { tenant: 'a' });
 * await admission.wait(ticket, input); // resolved when it is this request's turn; throws when refused
 */
export class AdmissionQueue {
  readonly #clock: Clock;
  readonly #options: ResolvedAdmission;
  readonly #queue = new FairQueue<AdmissionTicket>();
  readonly #rate = new ServiceRate(RATE_WINDOW_MS);
  #seq = 0;
  /** Cancels the dispatcher's pending sleep. */
  #timer: AbortController | undefined;
  #timerAt: number | undefined;
  #pumping = false;
  #again = false;

  constructor(clock: Clock, options: ResolvedAdmission) {
    this.#clock = clock;
    this.#options = options;
  }

  /** Requests waiting (or holding a turn) right now. */
  get size(): number {
    return this.#queue.size;
  }

  /** A ticket for a request that is about to wait for the first time. */
  ticket(priority: RequestPriority | undefined, tags: Record<string, string> | undefined): AdmissionTicket {
    return {
      priority: priority ?? 'interactive',
      group: fairnessGroup(tags, this.#options.fairnessTag),
      seq: ++this.#seq,
      firstWaitAt: undefined,
      earliest: 0,
      inQueue: false,
      inTurn: false,
      input: undefined,
      wake: undefined,
      fail: undefined,
      endTurn: undefined,
      cleanup: undefined,
    };
  }

  /** Notes that a request (waiting or not) took capacity; ends the turn of a waiter that did. */
  admitted(ticket: AdmissionTicket | undefined): void {
    this.#rate.record(this.#clock.now());
    if (!ticket?.inTurn) return;
    this.#queue.served(ticket.priority, ticket.group);
    this.leave(ticket);
  }

  /** The request is over (or took capacity): gives up its place and any turn. */
  leave(ticket: AdmissionTicket | undefined): void {
    if (!ticket) return;
    ticket.cleanup?.();
    ticket.cleanup = undefined;
    if (ticket.inQueue) {
      this.#queue.remove(ticket);
      ticket.inQueue = false;
    }
    this.#finishTurn(ticket);
  }

  /**
   * Waits until it is this request's turn to try again (resolves), or refuses it (throws
   * {@link AdmissionRefusedError}, or the lifetime's error once the request was aborted or timed out).
   */
  wait(ticket: AdmissionTicket, input: WaitInput): Promise<void> {
    const now = this.#clock.now();
    this.#finishTurn(ticket);
    ticket.input = input;
    ticket.firstWaitAt ??= now;
    ticket.earliest = Math.max(input.earliest, now + 1);
    const limit = this.#options.maxWaitMs[ticket.priority];
    const waitLimitAt = ticket.firstWaitAt + limit;
    const predicted = this.#predict(ticket, now);
    if (now + predicted > Math.min(input.deadline, waitLimitAt)) {
      this.leave(ticket);
      const reason = input.deadline <= waitLimitAt ? 'deadline' : 'wait_limit';
      const bound =
        reason === 'deadline'
          ? `the ${seconds(Math.max(0, input.deadline - now))} left before the deadline`
          : `the ${ticket.priority} wait limit of ${seconds(limit)}`;
      throw this.#refusal(
        reason,
        `predicted wait for a key with room is ${seconds(predicted)}, more than ${bound}`,
        input,
        predicted,
      );
    }
    if (!ticket.inQueue) this.#enter(ticket, input, predicted);
    return new Promise<void>((resolve, reject) => {
      ticket.wake = resolve;
      ticket.fail = reject;
      const onAbort = () => this.#refuse(ticket, input.ended());
      input.signal.addEventListener('abort', onAbort, { once: true });
      const timer =
        waitLimitAt < input.deadline
          ? this.#clock.setTimeout(
              () => this.#refuseAfterLimit(ticket, limit),
              Math.max(0, waitLimitAt - now),
            )
          : undefined;
      ticket.cleanup = () => {
        input.signal.removeEventListener('abort', onAbort);
        if (timer !== undefined) this.#clock.clearTimeout(timer);
      };
      if (input.signal.aborted) onAbort();
      else this.#schedule();
    });
  }

  /** Joins the queue, or refuses (or displaces a batch waiter) when it is full. */
  #enter(ticket: AdmissionTicket, input: WaitInput, predicted: number): void {
    if (this.#queue.size >= this.#options.maxQueued) {
      const victim =
        ticket.priority === 'interactive'
          ? this.#queue.newest('batch', (waiter) => !waiter.inTurn)
          : undefined;
      if (!victim) {
        this.leave(ticket);
        throw this.#refusal(
          'queue_full',
          `${this.#queue.size} requests already wait for a key (defaults.maxQueued)`,
          input,
          predicted,
        );
      }
      const victimInput = victim.input as WaitInput;
      this.#refuse(
        victim,
        this.#refusal(
          'displaced',
          'an interactive request took its place in the full wait queue',
          victimInput,
          this.#predict(victim, this.#clock.now()),
        ),
      );
    }
    this.#queue.add(ticket);
    ticket.inQueue = true;
  }

  /** Predicted ms until this request gets a key: time until room, plus the waiters ahead at the recent rate. */
  #predict(ticket: AdmissionTicket, now: number): number {
    const untilRoom = Math.max(0, ticket.earliest - now);
    const ahead = ticket.inQueue
      ? this.#queue.order().indexOf(ticket)
      : this.#queue.ahead(ticket.priority, ticket.group);
    const rate = this.#rate.perMs(now);
    return rate === undefined || ahead <= 0 ? untilRoom : Math.max(untilRoom, ahead / rate);
  }

  #refusal(
    reason: AdmissionRefusal,
    why: string,
    input: WaitInput,
    retryAfterMs: number,
  ): AdmissionRefusedError {
    return new AdmissionRefusedError(reason, `Refused at admission: ${why}`, input.explain(), retryAfterMs);
  }

  #refuseAfterLimit(ticket: AdmissionTicket, limit: number): void {
    // A waiter due now gets its turn first (the dispatcher runs at the same instant): it may find room right
    // at its limit; if not, wait() refuses it on its return.
    if (ticket.inTurn || !ticket.input || ticket.earliest <= this.#clock.now()) return;
    const predicted = this.#predict(ticket, this.#clock.now());
    this.#refuse(
      ticket,
      this.#refusal(
        'wait_limit',
        `waited the ${ticket.priority} wait limit of ${seconds(limit)} without a key with room`,
        ticket.input,
        predicted,
      ),
    );
  }

  /** Ends a queued (not in-turn) wait with an error. */
  #refuse(ticket: AdmissionTicket, error: RouterError): void {
    if (ticket.inTurn) return;
    const fail = ticket.fail;
    ticket.wake = undefined;
    ticket.fail = undefined;
    this.leave(ticket);
    fail?.(error);
    this.#schedule();
  }

  #finishTurn(ticket: AdmissionTicket): void {
    if (!ticket.inTurn) return;
    ticket.inTurn = false;
    const end = ticket.endTurn;
    ticket.endTurn = undefined;
    end?.();
  }

  /** Sets the dispatcher's timer for the earliest instant a queued waiter may be served. */
  #schedule(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    let next = Number.POSITIVE_INFINITY;
    for (const waiter of this.#queue.order())
      if (!waiter.inTurn && waiter.earliest < next) next = waiter.earliest;
    if (next === Number.POSITIVE_INFINITY) {
      this.#clearTimer();
      return;
    }
    if (this.#timerAt !== undefined && this.#timerAt <= next) return;
    this.#clearTimer();
    this.#timerAt = next;
    // A sleep, not an unref'd timer: a process awaiting a queued request must stay alive until it settles.
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(Math.max(0, next - this.#clock.now()), timer.signal).then(
      () => {
        if (this.#timer !== timer) return;
        this.#timer = undefined;
        this.#timerAt = undefined;
        void this.#pump();
      },
      () => {},
    );
  }

  #clearTimer(): void {
    this.#timer?.abort();
    this.#timer = undefined;
    this.#timerAt = undefined;
  }

  /** Gives every due waiter a turn, one at a time in service order, each ending before the next starts. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        for (const waiter of this.#queue.order()) {
          if (!waiter.inQueue || waiter.inTurn || waiter.earliest > this.#clock.now()) continue;
          await this.#grant(waiter);
        }
      } while (this.#again && this.#anyDue());
    } finally {
      this.#pumping = false;
      this.#schedule();
    }
  }

  #anyDue(): boolean {
    const now = this.#clock.now();
    return this.#queue.order().some((waiter) => !waiter.inTurn && waiter.earliest <= now);
  }

  #grant(waiter: AdmissionTicket): Promise<void> {
    const wake = waiter.wake;
    waiter.cleanup?.();
    waiter.cleanup = undefined;
    waiter.wake = undefined;
    waiter.fail = undefined;
    waiter.inTurn = true;
    const done = new Promise<void>((resolve) => {
      waiter.endTurn = resolve;
    });
    wake?.();
    return done;
  }
}
