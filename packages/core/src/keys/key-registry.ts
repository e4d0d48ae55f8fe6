import type { Clock } from '../clock/clock.js';
import { clampFuture } from '../clock/instant.js';
import { RouterError } from '../errors/router-error.js';
import { CandidateIndex } from '../routing/candidate-index.js';
import type { KeyStore, PersistedKeyState } from '../store/key-store.js';
import { FairnessScale } from './fairness-scale.js';
import type { KeyRecord } from './key-record.js';
import type { KeyMachineOptions, KeyTransition, KeyTrigger } from './key-state.js';
import {
  createKeyStateMachine,
  type KeyEvent,
  type KeyStateMachine,
  nextKeyState,
} from './key-state-machine.js';
import { isRoutableState, isTimedState } from './key-state-table.js';

const HISTORY_LIMIT = 50;

/** Options of {@link KeyRegistry}. */
export interface KeyRegistryOptions {
  clock: Clock;
  store: KeyStore;
  machine?: Partial<KeyMachineOptions>;
  onTransition: (transition: KeyTransition) => void;
  onStoreError: (error: unknown) => void;
}

/**
 * Holds the key records, drives their state machines, keeps each key's bounded audit trail and mirrors states
 * to the {@link KeyStore}. Internal to the router.
 */
export class KeyRegistry {
  readonly #clock: Clock;
  readonly #store: KeyStore;
  readonly #machine: KeyStateMachine;
  readonly #onTransition: (transition: KeyTransition) => void;
  readonly #onStoreError: (error: unknown) => void;
  readonly #byId = new Map<string, KeyRecord>();
  readonly #fairness: FairnessScale;
  /** Keys by provider and group of interchangeable keys, for routing decisions. */
  readonly index = new CandidateIndex();

  constructor(options: KeyRegistryOptions) {
    this.#clock = options.clock;
    this.#store = options.store;
    this.#machine = createKeyStateMachine(options.machine);
    this.#onTransition = options.onTransition;
    this.#onStoreError = options.onStoreError;
    this.#fairness = new FairnessScale(options.clock.now());
    // A shared store announces other instances' writes: adopt them before the next pick of that key.
    options.store.watch?.((keyId, version) => this.#onRemoteWrite(keyId, version));
  }

  /** Adopts a newer state another instance wrote, announcing its transition here too. */
  #onRemoteWrite(keyId: string, version: number): void {
    const record = this.#byId.get(keyId);
    if (record === undefined || version <= record.version) return;
    this.#store
      .get(keyId)
      .then((persisted) => {
        if (persisted === undefined || persisted.version <= record.version) return;
        const from = record.state;
        this.adopt(record, persisted);
        const last = record.history?.at(-1);
        if (last !== undefined && from !== record.state) this.#onTransition(last);
      })
      .catch(this.#onStoreError);
  }

  /** Counts a request routed to `record`, for the fairness scorer. */
  markServed(record: KeyRecord, now: number): void {
    this.index.markUsed(record);
    this.#fairness.markServed(record, now, this.#byId.values());
  }

  /** Number of keys. */
  get size(): number {
    return this.#byId.size;
  }

  get(id: string): KeyRecord | undefined {
    return this.#byId.get(id);
  }

  /** The record for `id`, or a validation error naming the unknown id. */
  require(id: string): KeyRecord {
    const record = this.#byId.get(id);
    if (!record)
      throw new RouterError('validation', `Unknown key id "${String(id)}"`, { code: 'unknown_key' });
    return record;
  }

  all(): IterableIterator<KeyRecord> {
    return this.#byId.values();
  }

  /** Adds a record, adopting a persisted state for the same id (restart or a second instance). */
  async add(record: KeyRecord): Promise<void> {
    this.#byId.set(record.id, record);
    this.index.add(record);
    try {
      const persisted = await this.#store.get(record.id);
      if (persisted) this.adopt(record, persisted);
    } catch (error) {
      this.#onStoreError(error);
    }
  }

  delete(record: KeyRecord): void {
    this.#byId.delete(record.id);
    this.index.remove(record);
    this.#store.delete(record.id).catch(this.#onStoreError);
  }

  /** Re-files a record in the routing index after its models, limits, weight or tags changed. */
  reindex(record: KeyRecord): void {
    this.index.reindex(record);
  }

  /** Applies a persisted state to a record (snapshot restore or shared store). */
  adopt(record: KeyRecord, persisted: PersistedKeyState): void {
    this.index.markUsed(record);
    record.stamp++;
    if (persisted.state !== record.state && !isRoutableState(persisted.state))
      this.index.outOfService(record);
    record.state = persisted.state;
    record.context = { ...persisted.context };
    // A stored instant (snapshot file, shared store) is as untrusted as an upstream header.
    const now = this.#clock.now();
    if (record.context.until !== undefined) record.context.until = clampStored(record.context.until, now);
    record.stateSince = persisted.stateSince;
    record.version = persisted.version;
    record.history = persisted.history
      .slice(-HISTORY_LIMIT)
      .map((transition) =>
        transition.until === undefined
          ? transition
          : { ...transition, until: clampStored(transition.until, now) },
      );
  }

  /**
   * Applies a snapshot's state to a record as a transition of its own (trigger `restore`): recorded, emitted
   * and written to the store on top of the store's current version, so the restored state sticks.
   */
  restoreFrom(record: KeyRecord, persisted: PersistedKeyState, at: number): void {
    const from = record.state;
    // The snapshot's state, but on top of the version the store holds now, so the write below succeeds.
    const version = record.version;
    this.adopt(record, persisted);
    record.version = version;
    if (from !== persisted.state) {
      const transition: KeyTransition = {
        keyId: record.id,
        from,
        to: persisted.state,
        trigger: 'restore',
        reason: `restored: ${persisted.context.reason}`,
        at,
      };
      if (record.context.until !== undefined) transition.until = record.context.until;
      this.#remember(record, transition);
      this.#onTransition(transition);
    }
    this.#persist(record);
  }

  /** Moves a timed state on when its `until` has passed. Cheap enough to call on every routing decision. */
  refresh(record: KeyRecord, now: number): void {
    const until = record.context.until;
    if (until !== undefined && until <= now && isTimedState(record.state)) {
      this.send(record, { type: 'EXPIRE', at: now }, 'timer');
    }
  }

  /** Feeds an event to a key's machine; records, emits and persists the transition if there is one. */
  send(record: KeyRecord, event: KeyEvent, trigger: KeyTrigger): boolean {
    // Success on a healthy key is the common case: nothing changes, skip the machine.
    if (
      event.type === 'SUCCESS' &&
      record.state === 'available' &&
      record.context.consecutiveFailures === 0
    ) {
      return false;
    }
    this.index.markUsed(record);
    record.stamp++;
    const from = record.state;
    const next = nextKeyState(this.#machine, record.state, record.context, safeEvent(event));
    const untilChanged = next.context.until !== record.context.until;
    record.context = next.context;
    if (next.state === from && !untilChanged) {
      this.#persist(record);
      return false;
    }
    record.state = next.state;
    if (next.state !== from) record.stateSince = event.at;
    const transition: KeyTransition = {
      keyId: record.id,
      from,
      to: next.state,
      trigger,
      reason: next.context.reason,
      at: event.at,
    };
    if (next.context.until !== undefined) transition.until = next.context.until;
    this.#remember(record, transition);
    this.#persist(record);
    if (next.state !== from) {
      if (!isRoutableState(next.state)) this.index.outOfService(record);
      this.#onTransition(transition);
    }
    return next.state !== from;
  }

  /** The persisted form of a record. */
  persisted(record: KeyRecord): PersistedKeyState {
    return {
      keyId: record.id,
      providerId: record.providerId,
      state: record.state,
      context: { ...record.context },
      stateSince: record.stateSince,
      version: record.version,
      history: [...(record.history ?? [])],
    };
  }

  /** Appends to the key's bounded audit trail. */
  #remember(record: KeyRecord, transition: KeyTransition): void {
    const history = record.history ?? [];
    history.push(transition);
    if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
    record.history = history;
  }

  #persist(record: KeyRecord): void {
    const expected = record.version;
    const next = this.persisted(record);
    next.version = expected + 1;
    record.version = next.version;
    this.#store
      .compareAndSet(next, expected)
      .then(async (written) => {
        if (written) return;
        // Another instance wrote first: its view wins; adopt it so both converge.
        const current = await this.#store.get(record.id);
        if (current) this.adopt(record, current);
        // The store lost the record (a Redis restarted empty): ours is the only copy left, so it goes back
        // in, and the announcement tells the other instances.
        else if (this.#byId.get(record.id) === record)
          await this.#store.compareAndSet(this.persisted(record), 0);
      })
      .catch(this.#onStoreError);
  }

  /** Epoch ms of now, from the registry's clock. */
  now(): number {
    return this.#clock.now();
  }
}

/** A stored `until`: past instants stay, future ones at most 31 days ahead, NaN becomes now. */
function clampStored(until: number, now: number): number {
  return until <= now ? until : clampFuture(until, now);
}

/** Timed states end at most 31 days ahead, whatever an upstream's retry-after or reset said. */
function safeEvent(event: KeyEvent): KeyEvent {
  if ((event.type === 'THROTTLE' || event.type === 'EXHAUST') && event.until !== undefined) {
    return { ...event, until: clampFuture(event.until, event.at) };
  }
  return event;
}
