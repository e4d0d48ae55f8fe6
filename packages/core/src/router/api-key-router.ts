import { EventEmitter } from 'eventemitter3';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import { CostController } from '../budget/index.js';
import type { Clock } from '../clock/clock.js';
import { SystemClock } from '../clock/system-clock.js';
import { embedRequest } from '../embedding/embed-request.js';
import type { EmbedResult } from '../embedding/embed-response.js';
import { ValidationError } from '../errors/specific-errors.js';
import type { Logger } from '../events/logger.js';
import { safeLogger } from '../events/safe-logger.js';
import { prepareRequest, type RouteOptions } from '../execution/prepared-request.js';
import { routeRequest } from '../execution/route-request.js';
import type { RouteResponse, RouteStreamChunk } from '../execution/route-response.js';
import { streamRequest } from '../execution/stream-request.js';
import { parseIntent } from '../intent/parse-intent.js';
import type { KeyInfo, KeyOptions } from '../keys/key-info.js';
import { KeyRegistry } from '../keys/key-registry.js';
import type { KeyTransition } from '../keys/key-state.js';
import { Redactor } from '../keys/redactor.js';
import { QuotaAwarenessEngine } from '../quota/index.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { ModelQuality } from '../routing/model-quality.js';
import type { ObjectiveInput } from '../routing/objective.js';
import { MemoryKeyStore } from '../store/memory-key-store.js';
import { dryRunExplanation } from './dry-run.js';
import { IdempotencyCache } from './idempotency-cache.js';
import { registerKey, removeKey, rotateKey } from './key-operations.js';
import { assertProviderId } from './key-options-schema.js';
import type { RouterCore, RouterEvents } from './router-core.js';
import type { RouterOptions } from './router-options.js';
import { type RouterSnapshot, routerSnapshotSchema } from './router-snapshot.js';

/**
 * Routes LLM requests across many keys and providers: picks the best key for an objective, reserves quota and
 * budget before calling, fails over, and explains every decision.
 *
 * @example
 * const router = new ApiKeyRouter();
 * await router.registerProvider('openai', new OpenAIAdapter());
 * await router.registerKey(process.env.OPENAI_API_KEY!, 'openai', { limits: { rpm: 500 } });
 * const res = await router.route({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, 'cost');
 * console.log(res.content, res.cost.amount.toString(), String(res.explanation));
 */
export class ApiKeyRouter {
  readonly #core: RouterCore;
  readonly #listeners = new WeakMap<object, (...args: unknown[]) => void>();
  readonly #idempotency: IdempotencyCache;

  constructor(options: RouterOptions = {}) {
    const clock: Clock = options.clock ?? new SystemClock();
    const store = options.stores?.keys ?? options.store ?? new MemoryKeyStore();
    const emitter = new EventEmitter<RouterEvents>();
    const redactor = new Redactor();
    const defaults = options.defaults ?? {};
    const logger: Logger | undefined = safeLogger(options.logger);
    const log = (level: 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
      logger?.[level]?.(redactor.scrub(message), data ? redactor.scrubData(data) : undefined);
    const registry = new KeyRegistry({
      clock,
      store,
      ...(options.keyMachine ? { machine: options.keyMachine } : {}),
      onTransition: (transition) => {
        logger?.info?.(`key ${transition.keyId} ${transition.from} → ${transition.to}`, {
          trigger: transition.trigger,
          reason: redactor.scrub(transition.reason),
        });
        emitter.emit('keyStateChanged', transition);
      },
      onStoreError: (error) => log('error', `state store failed: ${String(error)}`),
    });
    this.#core = {
      clock,
      registry,
      providers: new Map<string, ProviderAdapter>(),
      quota: new QuotaAwarenessEngine({
        clock,
        ...(options.stores?.quota ? { store: options.stores.quota } : {}),
        onWarning: (event) => emitter.emit('quotaWarning', event),
        ...(defaults.cautiousConcurrency !== undefined
          ? { cautiousConcurrency: defaults.cautiousConcurrency }
          : {}),
      }),
      costs: new CostController({
        clock,
        ...(options.stores?.spend ? { store: options.stores.spend } : {}),
        onThreshold: (event) => emitter.emit('budgetThreshold', event),
        ...(defaults.defaultOutputTokens !== undefined
          ? { defaultOutputTokens: defaults.defaultOutputTokens }
          : {}),
      }),
      quality: new ModelQuality(),
      emitter,
      redactor,
      logger,
      defaults: {
        objective: defaults.objective ?? 'balanced',
        maxAttempts: defaults.maxAttempts ?? 5,
        deadlineMs: defaults.deadlineMs ?? 120_000,
        baseDelayMs: defaults.retry?.baseDelayMs ?? 500,
        maxDelayMs: defaults.retry?.maxDelayMs ?? 8_000,
        maxQueued: defaults.maxQueued ?? 1_000,
        defaultOutputTokens: defaults.defaultOutputTokens ?? 1_024,
        defaultThrottleMs: options.keyMachine?.defaultThrottleMs ?? 1_000,
      },
      queued: 0,
      aliases: new Map(),
    };
    this.#idempotency = new IdempotencyCache(clock);
  }

  /** The quota awareness engine: per-key limits, usage, reservations and predictions. */
  get quota(): QuotaAwarenessEngine {
    return this.#core.quota;
  }

  /** Alias of {@link ApiKeyRouter.quota}. */
  get quotaAwarenessEngine(): QuotaAwarenessEngine {
    return this.#core.quota;
  }

  /** Budgets, prices and spend. */
  get costController(): CostController {
    return this.#core.costs;
  }

  /** The router's clock. */
  get clock(): Clock {
    return this.#core.clock;
  }

  /**
   * Registers (or replaces) the adapter for a provider id. Keys are registered against provider ids.
   *
   * @example
   * await router.registerProvider('groq', groq());
   */
  async registerProvider(providerId: string, adapter: ProviderAdapter): Promise<void> {
    assertProviderId(providerId);
    const valid =
      typeof adapter === 'object' &&
      adapter !== null &&
      typeof adapter.execute === 'function' &&
      typeof adapter.stream === 'function' &&
      typeof adapter.classifyError === 'function' &&
      typeof adapter.parseRateLimits === 'function' &&
      typeof adapter.capabilities === 'object';
    if (!valid) {
      throw new ValidationError('Not a ProviderAdapter', [
        {
          path: 'adapter',
          message: 'needs capabilities, execute, stream, parseRateLimits and classifyError',
        },
      ]);
    }
    this.#core.providers.set(providerId, adapter);
  }

  /** Provider ids with an adapter. */
  listProviders(): string[] {
    return [...this.#core.providers.keys()];
  }

  /**
   * Registers a key. Returns its public info — never the material. Registering the same material again
   * updates its options. A keyless provider (local Ollama) still takes a placeholder string.
   *
   * @example
   * const key = await router.registerKey('sk-…', 'openai', { label: 'prod-1', limits: { rpm: 500, tpm: 200_000 } });
   */
  async registerKey(material: string, providerId: string, options: KeyOptions = {}): Promise<KeyInfo> {
    return registerKey(this.#core, material, providerId, options);
  }

  /**
   * Replaces a key's material. The key drains (no new requests) until its in-flight requests finish, then
   * resumes as `available` with the new material and the same id.
   *
   * @example
   * await router.rotateKey(key.id, 'sk-new…');
   */
  async rotateKey(keyId: string, newMaterial: string): Promise<KeyInfo> {
    return rotateKey(this.#core, keyId, newMaterial);
  }

  /**
   * Stops routing to a key until {@link ApiKeyRouter.enableKey}.
   *
   * @example
   * await router.disableKey(key.id, 'suspected leak');
   */
  async disableKey(keyId: string, reason = 'disabled by operator'): Promise<KeyInfo> {
    const record = this.#core.registry.require(keyId);
    this.#core.registry.send(record, { type: 'DISABLE', at: this.#core.clock.now(), reason }, 'operator');
    return record.toInfo();
  }

  /**
   * Makes a disabled (or exhausted, or invalid) key available again.
   *
   * @example
   * await router.enableKey(key.id);
   */
  async enableKey(keyId: string, reason = 'enabled by operator'): Promise<KeyInfo> {
    const record = this.#core.registry.require(keyId);
    this.#core.registry.send(record, { type: 'ENABLE', at: this.#core.clock.now(), reason }, 'operator');
    return record.toInfo();
  }

  /**
   * Removes a key after its in-flight requests finish. Returns false for an unknown id.
   *
   * @example
   * await router.removeKey(key.id);
   */
  async removeKey(keyId: string): Promise<boolean> {
    return removeKey(this.#core, keyId);
  }

  /**
   * Every key's public info.
   *
   * @example
   * for (const key of router.listKeys()) console.log(key.label, key.state);
   */
  listKeys(): KeyInfo[] {
    const now = this.#core.clock.now();
    const out: KeyInfo[] = [];
    for (const record of this.#core.registry.all()) {
      this.#core.registry.refresh(record, now);
      out.push(record.toInfo());
    }
    return out;
  }

  /**
   * One key's public info, or undefined.
   *
   * @example
   * router.getKey(key.id)?.state;
   */
  getKey(keyId: string): KeyInfo | undefined {
    const record = this.#core.registry.get(keyId);
    if (!record) return undefined;
    this.#core.registry.refresh(record, this.#core.clock.now());
    return record.toInfo();
  }

  /**
   * A key's latest state transitions (bounded audit trail), oldest first.
   *
   * @example
   * router.getKeyHistory(key.id).map((t) => `${t.from}→${t.to} (${t.reason})`);
   */
  getKeyHistory(keyId: string): KeyTransition[] {
    const record = this.#core.registry.require(keyId);
    return (record.history ?? []).map((transition) => ({ ...transition }));
  }

  /**
   * Sends a request through the best key for the objective, with failover and fallback models.
   * Throws a {@link RouterError} (never anything else) when it cannot be served.
   *
   * @example
   * const res = await router.route({ model: 'gpt-4o-mini', messages }, 'latency', { deadlineMs: 10_000 });
   */
  async route(intent: unknown, objective?: ObjectiveInput, options?: RouteOptions): Promise<RouteResponse> {
    const key = idempotencyKeyOf(intent);
    if (key === undefined)
      return routeRequest(this.#core, prepareRequest(this.#core, intent, objective, options, false));
    const parsed = parseIntent(intent);
    const { idempotencyKey: _key, ...rest } = parsed;
    return this.#idempotency.run(key, JSON.stringify([rest, objective ?? null]), () =>
      routeRequest(this.#core, prepareRequest(this.#core, parsed, objective, options, false)),
    );
  }

  /**
   * Streams a request. Fails over only before the first chunk; the last chunk (`type: 'finish'`) carries
   * usage, cost and the explanation.
   *
   * @example
   * for await (const chunk of router.routeStream({ model: 'gpt-4o-mini', messages }, 'latency')) {
   *   if (chunk.type === 'text-delta') process.stdout.write(chunk.text);
   * }
   */
  async *routeStream(
    intent: unknown,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): AsyncGenerator<RouteStreamChunk, void, undefined> {
    const request = prepareRequest(this.#core, intent, objective, options, true);
    yield* streamRequest(this.#core, request);
  }

  /**
   * Embeds one text or a batch through the best key whose provider supports embeddings, with the same
   * reservations, failover, fallback models, deadline and explanation as `route()`.
   *
   * @example
   * const { embeddings, cost } = await router.embed({ model: 'text-embedding-3-small', input: ['a', 'b'] }, 'cost');
   */
  async embed(intent: unknown, objective?: ObjectiveInput, options?: RouteOptions): Promise<EmbedResult> {
    return embedRequest(this.#core, intent, objective, options);
  }

  /**
   * A dry run: which key would serve this intent and why, without calling or reserving anything.
   *
   * @example
   * console.log(String(router.explain(intent, { primary: 'cost', constraints: { maxCostPerRequest: '0.01' } })));
   */
  explain(intent: unknown, objective?: ObjectiveInput): RoutingExplanation {
    return dryRunExplanation(this.#core, intent, objective);
  }

  /**
   * Sets the quality score (0..1) the `quality` objective uses for a model or `prefix*` pattern.
   *
   * @example
   * router.setModelQuality('my-finetune', 0.8);
   */
  setModelQuality(model: string, score: number): void {
    if (typeof model !== 'string' || model === '' || !Number.isFinite(score)) {
      throw new ValidationError('Invalid model quality', [
        { path: 'score', message: 'model and a finite score' },
      ]);
    }
    this.#core.quality.set(model, score);
  }

  /**
   * Listens to router events.
   *
   * @example
   * router.on('keyStateChanged', (t) => log.info(`${t.keyId}: ${t.from} → ${t.to}`));
   */
  on<E extends keyof RouterEvents>(event: E, listener: (...args: RouterEvents[E]) => void): this {
    this.#core.emitter.on(event, this.#guarded(listener) as never);
    return this;
  }

  /** Listens once. */
  once<E extends keyof RouterEvents>(event: E, listener: (...args: RouterEvents[E]) => void): this {
    this.#core.emitter.once(event, this.#guarded(listener) as never);
    return this;
  }

  /** Stops listening. */
  off<E extends keyof RouterEvents>(event: E, listener: (...args: RouterEvents[E]) => void): this {
    const guarded = this.#listeners.get(listener);
    if (guarded) this.#core.emitter.off(event, guarded as never);
    return this;
  }

  /**
   * A listener that cannot break routing: events fire in the middle of bookkeeping (after a reservation,
   * before a commit), so an exception from user code is logged and swallowed, never thrown into a request.
   */
  #guarded(listener: object): (...args: unknown[]) => void {
    let guarded = this.#listeners.get(listener);
    if (!guarded) {
      const call = listener as (...args: unknown[]) => void;
      guarded = (...args: unknown[]) => {
        try {
          call(...args);
        } catch (error) {
          this.#core.logger?.error?.('router event listener threw', {
            error: this.#core.redactor.scrub(String(error)),
          });
        }
      };
      this.#listeners.set(listener, guarded);
    }
    return guarded;
  }

  /**
   * Key states as JSON, without material.
   *
   * @example
   * fs.writeFileSync('keys.json', JSON.stringify(router.snapshot()));
   */
  snapshot(): RouterSnapshot {
    const keys = [];
    for (const record of this.#core.registry.all()) {
      keys.push({ ...this.#core.registry.persisted(record), label: record.label });
    }
    return { version: 1, takenAt: this.#core.clock.now(), keys };
  }

  /**
   * Applies a snapshot's states to the keys registered here with the same ids; returns how many applied.
   * Timed states (throttled until …) resume from their stored instants.
   *
   * @example
   * router.restore(JSON.parse(fs.readFileSync('keys.json', 'utf8')));
   */
  restore(snapshot: RouterSnapshot): number {
    const parsed = routerSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      throw new ValidationError(
        'Not a router snapshot',
        parsed.error.issues.map((issue) => ({
          path: `snapshot.${issue.path.join('.')}`,
          message: issue.message,
        })),
      );
    }
    let applied = 0;
    for (const entry of parsed.data.keys) {
      const record = this.#core.registry.get(entry.keyId);
      if (!record) continue;
      this.#core.registry.restoreFrom(record, entry, this.#core.clock.now());
      applied++;
    }
    return applied;
  }
}

/** The idempotency key of a request, read without validating the rest (validation happens once, later). */
function idempotencyKeyOf(intent: unknown): string | undefined {
  if (typeof intent !== 'object' || intent === null) return undefined;
  try {
    const key = (intent as { idempotencyKey?: unknown }).idempotencyKey;
    return typeof key === 'string' && key !== '' ? key : undefined;
  } catch {
    return undefined; // a hostile getter: parseIntent reports it as a validation error
  }
}
