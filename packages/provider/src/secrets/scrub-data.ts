/** Deeper structures are cut (replaced by this marker) rather than walked. */
const TOO_DEEP = '[too deep]';
const MAX_DEPTH = 32;

/**
 * Plain JSON-like data with every string (keys included) passed through `scrub`. Copy-on-write: a part in
 * which nothing changed is returned as it is (the common case: most bodies hold no secret), so only the path
 * to a changed string is copied. Class instances other than plain objects and arrays are kept as they are;
 * cycles and depth beyond 32 are cut.
 *
 * @example
 * scrubData({ error: { code: 'sk-live-1234567890' } }, (s) => scrubber.scrub(s)); // { error: { code: '[redacted]' } }
 */
export function scrubData<T>(value: T, scrub: (text: string) => string): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return value;
  return walk(value, scrub, 0, new Set()) as T;
}

function walk(value: unknown, scrub: (text: string) => string, depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return TOO_DEEP;
  if (Array.isArray(value)) {
    seen.add(value);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || (typeof item !== 'string' && typeof item !== 'object')) continue;
      const clean = walk(item, scrub, depth + 1, seen);
      if (clean !== item) {
        out ??= value.slice();
        out[i] = clean;
      }
    }
    seen.delete(value);
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  let out: Record<string, unknown> | undefined;
  try {
    // Keys, not entries: one array per object instead of one more per field (a raw body has a few dozen).
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const item = record[key];
      const cleanKey = scrub(key);
      const clean = walk(item, scrub, depth + 1, seen);
      if (out === undefined && (cleanKey !== key || clean !== item)) {
        // First change: copy what came before, unchanged.
        out = {};
        for (let j = 0; j < i; j++) {
          const k = keys[j] as string;
          out[k] = record[k];
        }
      }
      if (out !== undefined) out[cleanKey] = clean;
    }
  } catch {
    // A throwing getter: the value cannot be trusted to be inert; keep only what was read before it.
    seen.delete(value);
    return out ?? {};
  }
  seen.delete(value);
  return out ?? value;
}
