import type {
  ApiKeyRouter,
  DecisionEvent,
  RequestCompletedEvent,
  RoutingExplanation,
} from '@apikeyrouter/core';
import type { DecisionEntry } from './state-types.js';

/** Candidates kept per decision: enough to see the ranking and the exclusions, bounded with 10,000 keys. */
const MAX_CANDIDATES = 50;

/**
 * The latest routing decisions with their explanations and outcomes, newest first, bounded. Fed by the router's
 * `decision`, `attempt` and `requestCompleted` events; a request that failed over keeps its latest decision.
 *
 * @example
 * const log = new DecisionLog(router, 50);
 * log.list()[0]?.summary;
 */
export class DecisionLog {
  readonly #entries = new Map<string, DecisionEntry>();
  readonly #explanations = new Map<string, RoutingExplanation>();
  readonly #max: number;
  readonly #router: ApiKeyRouter;
  readonly #onDecision = (event: DecisionEvent) => this.#record(event);
  readonly #onCompleted = (event: RequestCompletedEvent) => this.#complete(event);

  constructor(router: ApiKeyRouter, max: number) {
    this.#router = router;
    this.#max = Math.max(1, Math.floor(max));
    router.on('decision', this.#onDecision);
    router.on('requestCompleted', this.#onCompleted);
  }

  /** Decisions, newest first. */
  list(): DecisionEntry[] {
    return [...this.#entries.values()].reverse();
  }

  /** Stops listening to the router. */
  close(): void {
    this.#router.off('decision', this.#onDecision);
    this.#router.off('requestCompleted', this.#onCompleted);
  }

  #record(event: DecisionEvent): void {
    const { explanation } = event;
    const data = explanation.toJSON();
    const candidates = data.candidates;
    const entry: DecisionEntry = {
      requestId: event.requestId,
      at: this.#router.clock.now(),
      model: explanation.model,
      summary: String(explanation),
      explanation: {
        ...data,
        candidates: candidates.slice(0, MAX_CANDIDATES),
        candidatesTotal: candidates.length,
        // The explanation's attempt list grows in place as the request proceeds; this is the live view of it.
        attempts: explanation.attempts,
      },
    };
    if (explanation.chosenKeyId !== undefined) entry.chosenKeyId = explanation.chosenKeyId;
    this.#entries.delete(event.requestId);
    this.#entries.set(event.requestId, entry);
    this.#explanations.set(event.requestId, explanation);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#explanations.delete(oldest);
    }
  }

  #complete(event: RequestCompletedEvent): void {
    const entry = this.#entries.get(event.requestId);
    if (!entry) return;
    const outcome: NonNullable<DecisionEntry['outcome']> = { ok: event.ok, latencyMs: event.latencyMs };
    if (event.cost !== undefined) outcome.cost = event.cost.toString();
    if (event.errorCategory !== undefined) outcome.errorCategory = event.errorCategory;
    entry.outcome = outcome;
    const explanation = this.#explanations.get(event.requestId);
    if (explanation) entry.summary = String(explanation); // now with its attempts
  }
}
