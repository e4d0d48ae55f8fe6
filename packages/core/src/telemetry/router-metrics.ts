import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { CostController } from '../budget/index.js';
import type { AttemptEvent, RequestCompletedEvent } from '../events/router-events.js';
import type { KeyInfo } from '../keys/key-info.js';
import type { KeyTransition } from '../keys/key-state.js';
import { ATTR } from './attribute-names.js';
import type { RequestScope } from './request-scope.js';

/** Bucket boundaries the GenAI semantic conventions advise for token counts and for durations in seconds. */
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
const SECONDS_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** Budgets reported per collection at most, so a runaway configuration cannot make collection unbounded. */
const MAX_BUDGETS_REPORTED = 1_000;

/**
 * What the gauges read from the router: public, material-free views only.
 *
 * @example
 * const source: MetricsSource = router;
 */
export interface MetricsSource {
  listKeys(): KeyInfo[];
  readonly costController: Pick<CostController, 'listBudgets' | 'getBudgetStatus'>;
}

/**
 * The router's metrics: GenAI client token usage, operation duration and time to first chunk, plus spend,
 * upstream 429s, key state changes, and gauges of key states, reservations held and budget spend.
 *
 * @example
 * const metrics = new RouterMetrics(meterProvider.getMeter('apikeyrouter'), router);
 */
export class RouterMetrics {
  readonly #tokens: Histogram;
  readonly #duration: Histogram;
  readonly #firstChunk: Histogram;
  readonly #spend: Counter;
  readonly #rateLimits: Counter;
  readonly #stateChanges: Counter;

  constructor(meter: Meter, source: MetricsSource) {
    this.#tokens = meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Tokens used per routed request, by token type',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
    this.#duration = meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'Duration of routed requests, failover and waits included',
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    });
    this.#firstChunk = meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
      description: 'Time from a streamed request to its first chunk reaching the caller',
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    });
    this.#spend = meter.createCounter('apikeyrouter.spend', {
      description: 'Money spent on served requests (exact cost, priced models only)',
      unit: 'USD',
    });
    this.#rateLimits = meter.createCounter('apikeyrouter.upstream.rate_limits', {
      description: 'Provider calls answered with a rate limit (429)',
      unit: '{call}',
    });
    this.#stateChanges = meter.createCounter('apikeyrouter.key.state_changes', {
      description: 'Key state transitions',
      unit: '{transition}',
    });
    observeRouter(meter, source);
  }

  /** Books a finished call: duration always, tokens on success. */
  recordRequest(scope: RequestScope, endedAt: number, attributes: Attributes, usage?: Usageish): void {
    const common: Attributes = {
      [ATTR.operationName]: scope.operation,
      [ATTR.requestModel]: scope.requestModel,
      ...attributes,
    };
    this.#duration.record(Math.max(0, endedAt - scope.startedAt) / 1000, common);
    if (!usage) return;
    this.#tokens.record(usage.inputTokens, { ...common, [ATTR.tokenType]: 'input' });
    if (usage.outputTokens !== undefined)
      this.#tokens.record(usage.outputTokens, { ...common, [ATTR.tokenType]: 'output' });
  }

  /** Books the first chunk of a stream. */
  recordFirstChunk(scope: RequestScope, at: number, attributes: Attributes): void {
    this.#firstChunk.record(Math.max(0, at - scope.startedAt) / 1000, {
      [ATTR.operationName]: scope.operation,
      [ATTR.requestModel]: scope.requestModel,
      ...attributes,
    });
  }

  /** Books spend from a `requestCompleted` event. */
  onCompleted(event: RequestCompletedEvent): void {
    if (!event.ok || !event.cost || event.cost.isZero()) return;
    this.#spend.add(event.cost.toNumber(), {
      [ATTR.providerName]: event.providerId ?? 'unknown',
      [ATTR.responseModel]: event.model,
      [ATTR.keyId]: event.keyId ?? 'unknown',
    });
  }

  /** Counts upstream rate limits from an `attempt` event. */
  onAttempt(event: AttemptEvent): void {
    if (event.attempt.outcome !== 'error' || event.attempt.category !== 'rate_limit') return;
    this.#rateLimits.add(1, {
      [ATTR.providerName]: event.attempt.providerId,
      [ATTR.keyId]: event.attempt.keyId,
    });
  }

  /** Counts a `keyStateChanged` event. */
  onStateChanged(transition: KeyTransition): void {
    this.#stateChanges.add(1, {
      [ATTR.keyId]: transition.keyId,
      [ATTR.fromState]: transition.from,
      [ATTR.keyState]: transition.to,
      [ATTR.trigger]: transition.trigger,
    });
  }
}

/**
 * Token counts as the router reports them (embeddings have no output).
 *
 * @example
 * const usage: Usageish = { inputTokens: 12 };
 */
export interface Usageish {
  inputTokens: number;
  outputTokens?: number;
}

function observeRouter(meter: Meter, source: MetricsSource): void {
  const keys = meter.createObservableGauge('apikeyrouter.keys', {
    description: 'Keys by state and provider',
    unit: '{key}',
  });
  const held = meter.createObservableGauge('apikeyrouter.reservations.held', {
    description: 'Requests holding a quota reservation (in flight), by provider',
    unit: '{request}',
  });
  const spent = meter.createObservableGauge('apikeyrouter.budget.spent', {
    description: "Money spent in each budget's current window",
    unit: 'USD',
  });
  const limit = meter.createObservableGauge('apikeyrouter.budget.limit', {
    description: "Each budget's limit per window",
    unit: 'USD',
  });
  meter.addBatchObservableCallback(
    async (result) => {
      const byState = new Map<string, { providerId: string; state: string; count: number }>();
      const inFlight = new Map<string, number>();
      for (const key of source.listKeys()) {
        const id = `${key.providerId}\u0000${key.state}`;
        const entry = byState.get(id) ?? { providerId: key.providerId, state: key.state, count: 0 };
        entry.count++;
        byState.set(id, entry);
        inFlight.set(key.providerId, (inFlight.get(key.providerId) ?? 0) + key.stats.inFlight);
      }
      for (const entry of byState.values()) {
        result.observe(keys, entry.count, {
          [ATTR.providerName]: entry.providerId,
          [ATTR.keyState]: entry.state,
        });
      }
      for (const [providerId, count] of inFlight)
        result.observe(held, count, { [ATTR.providerName]: providerId });
      for (const budget of source.costController.listBudgets().slice(0, MAX_BUDGETS_REPORTED)) {
        const status = await source.costController.getBudgetStatus(budget.id);
        const attributes: Attributes = { [ATTR.budgetId]: budget.id, [ATTR.budgetScope]: budget.scope };
        if (budget.name !== undefined) attributes[ATTR.budgetName] = budget.name;
        result.observe(spent, status.spent.toNumber(), attributes);
        result.observe(limit, budget.limit.toNumber(), attributes);
      }
    },
    [keys, held, spent, limit],
  );
}
