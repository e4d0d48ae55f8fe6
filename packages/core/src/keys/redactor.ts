import { SecretScrubber, scrubData } from '@apikeyrouter/provider';

/**
 * Knows every key material the router holds and removes it from text and data before anything leaves the
 * router (errors, events, logs). It uses the provider kit's {@link SecretScrubber}, the same rules every
 * adapter boundary applies: exact, URL-encoded, `?key=` values, masked echoes and 8+ character fragments.
 *
 * @example
 * redactor.add('sk-live-1');
 * redactor.scrub('bad key sk-live-1'); // 'bad key [redacted]'
 */
export class Redactor {
  readonly #scrubber = new SecretScrubber();

  /** Starts redacting this material. Empty or very short strings are ignored (they would redact everything). */
  add(material: string): void {
    if (material.length >= 6) this.#scrubber.add(material);
  }

  /** Stops redacting this material (after the key is gone). */
  delete(material: string): void {
    this.#scrubber.delete(material);
  }

  /** The text with every known material replaced by `[redacted]`. */
  scrub(text: string): string {
    return this.#scrubber.scrub(text);
  }

  /** A deep copy of plain data with every string scrubbed (cycles and depth are bounded). */
  scrubData<T>(value: T): T {
    return scrubData(value, (text) => this.#scrubber.scrub(text));
  }
}
