/** A parsed JSON object whose fields are not trusted yet. */
export type JsonRecord = Record<string, unknown>;

/**
 * The value as a plain object, or undefined. Provider bodies may omit, add or mistype any field, so every
 * read goes through these guards instead of casts.
 *
 * @example
 * asRecord(JSON.parse('{"a":1}'))?.a; // 1
 */
export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/**
 * The value as an array, or an empty one.
 *
 * @example
 * asArray(undefined).length; // 0
 */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The value when it is a string.
 *
 * @example
 * asString(42); // undefined
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The value as a finite number. Numeric strings count too: proto3 JSON writes int64 fields (such as
 * `quotaValue`) as strings.
 *
 * @example
 * asNumber('1500'); // 1500
 */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}
