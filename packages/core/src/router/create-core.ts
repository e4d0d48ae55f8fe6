import { EventEmitter } from 'eventemitter3';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import { resolveAdmission } from '../admission/admission-options.js';
import { AdmissionQueue } from '../admission/admission-queue.js';
import { resolveAffinityOptions } from '../affinity/affinity-options.js';
import { PromptAffinity } from '../affinity/prompt-affinity.js';
import { CostController } from '../budget/index.js';
import type { Clock } from '../clock/clock.js';
import { SystemClock } from '../clock/system-clock.js';
import { RouterError } from '../errors/router-error.js';
import type { Logger } from '../events/logger.js';
import { safeLogger } from '../events/safe-logger.js';
import { Settlements } from '../execution/settlements.js';
import { ProviderHealth } from '../health/provider-health.js';
import { resolveProviderHealthOptions } from '../health/provider-health-options.js';
import { KeyRegistry } from '../keys/key-registry.js';
import { Redactor } from '../keys/redactor.js';
import { QuotaAwarenessEngine } from '../quota/index.js';
import { ModelQuality } from '../routing/model-quality.js';
import { resolveObjective } from '../routing/objective.js';
import { MemoryKeyStore } from '../store/memory-key-store.js';
import { degradedStores } from '../store/store-availability.js';
import type { RouterCore, RouterEvents } from './router-core.js';
import type { RouterOptions } from './router-options.js';

/**
 * Builds the router's parts from validated options: clock, key registry on its store, quota engine, cost
 * controller, event emitter, redactor and logger, and the resolved defaults.
 *
 * @example
 * const core = createRouterCore(parseRouterOptions(options));
 */
export function createRouterCore(options: RouterOptions): RouterCore {
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
  return {
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
      objective: resolveObjective(defaults.objective ?? 'balanced'),
      maxAttempts: defaults.maxAttempts ?? 5,
      deadlineMs: defaults.deadlineMs ?? 120_000,
      baseDelayMs: defaults.retry?.baseDelayMs ?? 500,
      maxDelayMs: defaults.retry?.maxDelayMs ?? 8_000,
      maxQueued: defaults.maxQueued ?? 1_000,
      defaultOutputTokens: defaults.defaultOutputTokens ?? 1_024,
      defaultThrottleMs: options.keyMachine?.defaultThrottleMs ?? 1_000,
    },
    admission: new AdmissionQueue(clock, resolveAdmission(options.admission, defaults.maxQueued ?? 1_000)),
    affinity: new PromptAffinity(clock, resolveAffinityOptions(options.affinity)),
    health: new ProviderHealth(
      options.providerHealth === false ? undefined : resolveProviderHealthOptions(options.providerHealth),
      (transition) => {
        logger?.info?.(`provider ${transition.providerId} ${transition.from} → ${transition.to}`, {
          reason: redactor.scrub(transition.reason),
        });
        emitter.emit('providerHealthChanged', transition);
      },
    ),
    aliases: new Map(),
    settlements:
      options.stores?.settlement === 'background'
        ? new Settlements((error, keyId) => {
            const category = RouterError.isInstance(error) ? error.category : undefined;
            const message = redactor.scrub(error instanceof Error ? error.message : String(error));
            log('error', `background settlement on key ${keyId} failed: ${message}`);
            emitter.emit('settlementFailed', { keyId, category, message });
          })
        : undefined,
    degradedStores: () => degradedStores(options.stores),
  };
}
