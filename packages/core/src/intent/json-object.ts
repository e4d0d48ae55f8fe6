import { z } from 'zod';

/** Deepest nesting accepted in a JSON value given by the caller (tool parameters, response schemas). */
export const MAX_JSON_DEPTH = 64;
/** Most values (objects, arrays and leaves together) in one such JSON value. */
export const MAX_JSON_NODES = 100_000;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not a plain JSON object that `JSON.stringify` serialises faithfully, or undefined when it is.
 * Iterative with a depth and size budget, so a cyclic, 20,000-deep or exponentially shared structure ends in
 * an answer instead of a stack overflow; class instances (Date, Map, anything with `toJSON`), BigInt,
 * functions, symbols and non-finite numbers are refused because serialising them throws or changes them.
 * A throwing getter propagates; the caller's untrusted-input parser turns that into a validation error.
 *
 * @example
 * jsonObjectProblem({ type: 'object', properties: {} }); // undefined
 * jsonObjectProblem({ n: 10n }); // 'n: BigInt is not JSON'
 */
export function jsonObjectProblem(root: Record<string, unknown>): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: string };
    if (++nodes > MAX_JSON_NODES) return `more than ${MAX_JSON_NODES} values`;
    const where = path === '' ? '' : `${path}: `;
    switch (typeof value) {
      case 'string':
      case 'boolean':
      case 'undefined':
        continue;
      case 'number':
        if (!Number.isFinite(value)) return `${where}non-finite number`;
        continue;
      case 'object':
        break;
      default:
        return `${where}${typeof value === 'bigint' ? 'BigInt' : typeof value} is not JSON`;
    }
    if (value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `${where}nested deeper than ${MAX_JSON_DEPTH} levels (or cyclic)`;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], depth: depth + 1, path: path === '' ? String(i) : `${path}.${i}` });
      continue;
    }
    if (!isPlainObject(value)) return `${where}only plain objects and arrays are JSON`;
    const record = value as Record<string, unknown>;
    if (typeof record.toJSON === 'function') return `${where}toJSON is not allowed`;
    for (const key of Object.keys(record))
      stack.push({ value: record[key], depth: depth + 1, path: path === '' ? key : `${path}.${key}` });
  }
  return undefined;
}

/**
 * A JSON object given by the caller and later serialised for the provider: a record whose contents pass
 * {@link jsonObjectProblem}.
 *
 * @example
 * const schema = z.strictObject({ parameters: jsonObjectSchema });
 */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = jsonObjectProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `not a JSON object (${problem})` });
});
