/** Deeper structures are cut (replaced by this marker) rather than walked. */
const TOO_DEEP = '[too deep]';
const MAX_DEPTH = 32;

/**
 * A copy of plain JSON-like data with every string (keys included) passed through `scrub`. Class instances
 * other than plain objects and arrays are kept as they are; cycles and depth beyond 32 are cut.
 *
 * @example
 * scrubData({ error: { code: 'sk-live-1234567890' } }, (s) => scrubber.scrub(s)); // { error: { code: '[redacted]' } }
 */
export function scrubData<T>(value: T, scrub: (text: string) => string): T {
  return walk(value, scrub, 0, new WeakSet()) as T;
}

function walk(
  value: unknown,
  scrub: (text: string) => string,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return TOO_DEEP;
  if (Array.isArray(value)) {
    // Vectors and other arrays of plain values hold no text: no copy.
    if (value.every((item) => item === null || (typeof item !== 'string' && typeof item !== 'object')))
      return value;
    seen.add(value);
    const out = value.map((item) => walk(item, scrub, depth + 1, seen));
    seen.delete(value);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  try {
    for (const [key, item] of Object.entries(value)) out[scrub(key)] = walk(item, scrub, depth + 1, seen);
  } catch {
    // A throwing getter: what could be read is kept, the rest is not worth a crash.
  }
  seen.delete(value);
  return out;
}
