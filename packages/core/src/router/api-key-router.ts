import type { ProviderAdapter } from '@apikeyrouter/provider';
import type { CostController } from '../budget/index.js';
import type { Clock } from '../clock/clock.js';
import type { EmbedIntent } from '../embedding/embed-intent.js';
import type { EmbedResponse } from '../embedding/embed-response.js';
import type { RouteResponse, RouteStreamChunk } from '../execution/route-response.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { KeyInfo, KeyOptions } from '../keys/key-info.js';
import type { KeyTransition } from '../keys/key-state.js';
import type { QuotaAwarenessEngine, QuotaGroupInfo } from '../quota/index.js';
import { embedInput, explainIntent, routeChat, streamChat } from '../request/entry-points.js';
import { IdempotencyCache } from '../request/idempotency-cache.js';
import type { RouteOptions } from '../request/route-options.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { ObjectiveInput } from '../routing/objective.js';
import { instrumentRouter } from '../telemetry/instrument-router.js';
import { createRouterCore } from './create-core.js';
import {
  keyHistory,
  keyInfo,
  listKeyInfo,
  registerKey,
  registerProvider,
  removeKey,
  rotateKey,
  setKeyEnabled,
} from './key-operations.js';
import { ListenerGuard } from './listener-guard.js';
import { type QuotaGroupOptions, setQuotaGroup } from './quota-group-operations.js';
import type { RouterCore } from './router-core.js';
import { RouterEventSource } from './router-event-source.js';
import type { RouterOptions } from './router-options.js';
import { parseRouterOptions } from './router-options-schema.js';
import { type RouterSnapshot, restoreSnapshot, takeSnapshot } from './router-snapshot.js';

/**
 * Routes LLM requests across many keys and providers: picks the best key for an objective, reserves quota and
 * budget before calling, fails over, and explains every decision.
 *
 * Sync or async: every operation that changes key state (register, rotate, disable, enable, remove) and
 * every request returns a Promise, because it goes through the key store, which may be shared and remote;
 * reads of the router's own view (`listKeys`, `getKey`, `getKeyHistory`, `snapshot`) are synchronous.
 * Invalid arguments always come back as a `RouterError` of category `validation` — rejected, for the
 * methods that return a Promise.
 *
 * @example
 * const router = new ApiKeyRouter();
 * await router.registerProvider('openai', new OpenAIAdapter());
 * await router.registerKey(process.env.OPENAI_API_KEY!, 'openai', { limits: { rpm: 500 } });
 * const res = await router.route({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, 'cost');
 * console.log(res.content, res.cost.amount.toString(), String(res.explanation));
 */
export class ApiKeyRouter extends RouterEventSource {
  readonly #core: RouterCore;
  readonly #idempotency: IdempotencyCache;

  /** @throws ValidationError for malformed options (unknown keys, out-of-range numbers, throwing getters). */
  constructor(options: RouterOptions = {}) {
    const parsed = parseRouterOptions(options);
    const core = createRouterCore(parsed);
    super(core.emitter, new ListenerGuard(core));
    this.#core = core;
    this.#idempotency = new IdempotencyCache(core.clock, parsed.idempotency);
    if (parsed.telemetry) instrumentRouter(this, parsed.telemetry === true ? {} : parsed.telemetry);
  }

  /** The quota awareness engine: per-key limits, usage, reservations and predictions. */
  get quota(): QuotaAwarenessEngine {
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
    registerProvider(this.#core, providerId, adapter);
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
    return setKeyEnabled(this.#core, keyId, false, reason);
  }

  /**
   * Makes a disabled (or exhausted, or invalid) key available again.
   *
   * @example
   * await router.enableKey(key.id);
   */
  async enableKey(keyId: string, reason = 'enabled by operator'): Promise<KeyInfo> {
    return setKeyEnabled(this.#core, keyId, true, reason);
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
   * Declares the limits a provider enforces on a whole quota group — keys of one organisation or project,
   * registered with `{ quotaGroup }` — or, without `limits`, removes the declaration. Read groups back with
   * `router.quota.groups` (`get`, `list`, `getQuotaState`).
   *
   * @example
   * await router.setQuotaGroup('org-a', { limits: { rpm: 500, tpm: 200_000 } });
   * await router.registerKey('sk-…', 'openai', { quotaGroup: 'org-a' });
   */
  async setQuotaGroup(name: string, options: QuotaGroupOptions = {}): Promise<QuotaGroupInfo> {
    return setQuotaGroup(this.#core, name, options);
  }

  /**
   * Every key's public info.
   *
   * @example
   * for (const key of router.listKeys()) console.log(key.label, key.state);
   */
  listKeys(): KeyInfo[] {
    return listKeyInfo(this.#core);
  }

  /**
   * One key's public info, or undefined.
   *
   * @example
   * router.getKey(key.id)?.state;
   */
  getKey(keyId: string): KeyInfo | undefined {
    return keyInfo(this.#core, keyId);
  }

  /**
   * A key's latest state transitions (bounded audit trail), oldest first.
   *
   * @example
   * router.getKeyHistory(key.id).map((t) => `${t.from}→${t.to} (${t.reason})`);
   */
  getKeyHistory(keyId: string): KeyTransition[] {
    return keyHistory(this.#core, keyId);
  }

  /**
   * Resolves once every settlement started so far has reached the stores (only `settlement: 'background'`
   * stores settle after `route()` resolves).
   *
   * @example
   * await router.settled();
   * await stores.close();
   */
  async settled(): Promise<void> {
    await this.#core.settlements?.settled();
  }

  /**
   * Sends a request through the best key for the objective, with failover and fallback models. Rejects
   * with a {@link RouterError} (never anything else) when it cannot be served. With `idempotencyKey`,
   * concurrent and repeated calls share one provider call, each with its own signal and deadline.
   *
   * @example
   * const res = await router.route({ model: 'gpt-4o-mini', messages }, 'latency', { deadlineMs: 10_000 });
   */
  async route(
    intent: RequestIntent,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): Promise<RouteResponse> {
    return routeChat(this.#core, this.#idempotency, intent, objective, options);
  }

  /**
   * Streams a request. Fails over only before the first chunk; the last chunk (`type: 'finish'`) carries
   * usage, cost and the explanation. Errors, validation included, surface on iteration. `options.onStreamOpen`
   * learns the serving provider and key id before the first chunk (e.g. for response headers).
   *
   * @example
   * for await (const chunk of router.routeStream({ model: 'gpt-4o-mini', messages }, 'latency')) {
   *   if (chunk.type === 'text-delta') process.stdout.write(chunk.text);
   * }
   * @example
   * const stream = router.routeStream(intent, 'latency', { onStreamOpen: (open) => setHeader('x-key-id', open.keyId) });
   */
  async *routeStream(
    intent: RequestIntent,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): AsyncGenerator<RouteStreamChunk, void, undefined> {
    yield* streamChat(this.#core, intent, objective, options);
  }

  /**
   * Embeds one text or a batch through the best key whose provider supports embeddings, with the same
   * reservations, failover, fallback models, deadline and explanation as `route()`.
   *
   * @example
   * const { embeddings, cost } = await router.embed({ model: 'text-embedding-3-small', input: ['a', 'b'] }, 'cost');
   */
  async embed(
    intent: EmbedIntent,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): Promise<EmbedResponse> {
    return embedInput(this.#core, intent, objective, options);
  }

  /**
   * A dry run: which key would serve this chat or embeddings intent and why, without calling or reserving
   * anything. Resolves to the explanation; rejects with a validation RouterError for bad input.
   *
   * @example
   * console.log(String(await router.explain(intent, { primary: 'cost', constraints: { maxCostPerRequest: '0.01' } })));
   */
  async explain(
    intent: RequestIntent | EmbedIntent,
    objective?: ObjectiveInput,
  ): Promise<RoutingExplanation> {
    return explainIntent(this.#core, intent, objective);
  }

  /**
   * Sets the quality score (0..1) the `quality` objective uses for a model or `prefix*` pattern.
   *
   * @example
   * router.setModelQuality('my-finetune', 0.8);
   */
  setModelQuality(model: string, score: number): void {
    this.#core.quality.set(model, score);
  }

  /**
   * Key states as JSON, without material.
   *
   * @example
   * fs.writeFileSync('keys.json', JSON.stringify(router.snapshot()));
   */
  snapshot(): RouterSnapshot {
    return takeSnapshot(this.#core);
  }

  /**
   * Applies a snapshot's states to the keys registered here with the same ids; returns how many applied.
   * Timed states (throttled until …) resume from their stored instants.
   *
   * @example
   * router.restore(JSON.parse(fs.readFileSync('keys.json', 'utf8')));
   */
  restore(snapshot: RouterSnapshot): number {
    return restoreSnapshot(this.#core, snapshot);
  }
}
