import type { AnthropicStreamOutcome } from './anthropic-fake-types.js';

/**
 * Remembers how each stream ended, so tests can wait for the server to see a client cancel.
 *
 * @example
 * const tracker = new StreamTracker();
 * const index = tracker.begin();
 * tracker.end(index, 'completed');
 * await tracker.ended(index); // 'completed'
 */
export class StreamTracker {
  readonly #waiters = new Map<number, Array<(outcome: AnthropicStreamOutcome) => void>>();
  readonly #outcomes = new Map<number, AnthropicStreamOutcome>();
  #started = 0;

  /** Registers a new stream and returns its index. */
  begin(): number {
    return this.#started++;
  }

  /** Records how stream `index` ended (first call wins). */
  end(index: number, outcome: AnthropicStreamOutcome): void {
    if (this.#outcomes.has(index)) return;
    this.#outcomes.set(index, outcome);
    for (const resolve of this.#waiters.get(index) ?? []) resolve(outcome);
    this.#waiters.delete(index);
  }

  /** Resolves once stream `index` has ended (it may not have started yet). */
  ended(index: number): Promise<AnthropicStreamOutcome> {
    const known = this.#outcomes.get(index);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.#waiters.get(index) ?? [];
      list.push(resolve);
      this.#waiters.set(index, list);
    });
  }
}
