const REDACTED = '[redacted]';

/**
 * Knows every key material the router holds and removes it from text and data before anything leaves the
 * router (errors, events, logs). Defence in depth: adapters scrub too, but a provider may echo a key anywhere.
 *
 * @example
 * redactor.add('sk-live-1');
 * redactor.scrub('bad key sk-live-1'); // 'bad key [redacted]'
 */
export class Redactor {
  readonly #materials = new Set<string>();

  /** Starts redacting this material. Empty or very short strings are ignored (they would redact everything). */
  add(material: string): void {
    if (material.length >= 6) this.#materials.add(material);
  }

  /** Stops redacting this material (after the key is gone). */
  delete(material: string): void {
    this.#materials.delete(material);
  }

  /** The text with every known material replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text;
    for (const material of this.#materials) {
      if (out.includes(material)) out = out.split(material).join(REDACTED);
    }
    return out;
  }

  /** A deep copy of plain data with every string scrubbed (cycles and depth are bounded). */
  scrubData<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.scrubData(item, depth + 1)) as T;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = this.scrubData(item, depth + 1);
    return out as T;
  }
}
