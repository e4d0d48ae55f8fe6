import { scrubData } from './scrub-data.js';

/**
 * Defines `target.raw` as the scrubbed copy of `raw`, made on first read and kept. Most callers never read
 * the provider body, so walking it on every call is work thrown away; every read still returns only scrubbed
 * data (spreads and `JSON.stringify` read it too). Assigning `raw` replaces it, as with a plain property.
 * Primitives other than strings hold no text and are stored as they are.
 *
 * @example
 * const out = defineScrubbedRaw({ model: 'm' }, body, (s) => scrubber.scrub(s));
 * out.raw; // scrubbed now, the same object on every later read
 */
export function defineScrubbedRaw<T extends object>(
  target: T,
  raw: unknown,
  scrub: (text: string) => string,
): T & { raw: unknown } {
  if (raw === null || (typeof raw !== 'object' && typeof raw !== 'string')) {
    return Object.assign(target, { raw });
  }
  let source: unknown = raw;
  let pending = true;
  let value: unknown;
  return Object.defineProperty(target, 'raw', {
    enumerable: true,
    configurable: true,
    get() {
      if (pending) {
        value = scrubData(source, scrub);
        pending = false;
        source = undefined;
      }
      return value;
    },
    set(next: unknown) {
      value = next;
      pending = false;
      source = undefined;
    },
  }) as T & { raw: unknown };
}

/**
 * Carries `from.raw` over to `to` without reading it: a lazily scrubbed body stays lazy (the getter is
 * shared), a plain value is copied. Nothing is defined when `from` has no `raw`.
 *
 * @example
 * const result = forwardRaw({ content: response.message.content }, response);
 */
export function forwardRaw<T extends object>(to: T, from: object): T & { raw?: unknown } {
  const descriptor = Object.getOwnPropertyDescriptor(from, 'raw');
  if (descriptor !== undefined)
    Object.defineProperty(to, 'raw', { ...descriptor, enumerable: true, configurable: true });
  return to;
}
