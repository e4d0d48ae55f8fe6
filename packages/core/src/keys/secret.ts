import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds key material so that it never prints: `toString`, `toJSON`, template strings and `util.inspect` all
 * give `[redacted]`. Only {@link Secret.reveal} returns the material, at the moment an adapter needs it.
 *
 * @example
 * const secret = new Secret('sk-live-123');
 * `${secret}`;       // '[redacted]'
 * secret.reveal();   // 'sk-live-123'
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The material. Call only where it is sent to the provider. */
  reveal(): string {
    return this.#value;
  }

  /** True when `other` is the same material (constant-time is unnecessary: both sides are ours). */
  equals(other: string): boolean {
    return this.#value === other;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}
