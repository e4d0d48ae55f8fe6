import { record } from './gemini-request-view.js';

/**
 * A value that satisfies a Gemini (OpenAPI-subset) schema, built deterministically: strings are `text`
 * (or the first enum value), numbers 1, booleans true, arrays one item (or `minItems`), objects every
 * declared property. Type names are read case-insensitively.
 *
 * @example
 * sampleFromSchema({ type: 'OBJECT', properties: { city: { type: 'STRING' } } }, 'Paris'); // { city: 'Paris' }
 */
export function sampleFromSchema(schema: unknown, text: string, depth = 0): unknown {
  const node = record(schema);
  if (!node || depth > 12) return text;
  const anyOf = Array.isArray(node.anyOf) ? node.anyOf : [];
  if (anyOf.length > 0) return sampleFromSchema(anyOf[0], text, depth + 1);
  const type = String(node.type ?? (node.properties ? 'OBJECT' : 'STRING')).toUpperCase();
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  switch (type) {
    case 'NUMBER':
    case 'INTEGER':
      return typeof node.minimum === 'number' ? node.minimum : 1;
    case 'BOOLEAN':
      return true;
    case 'ARRAY': {
      const count = Math.max(
        1,
        typeof node.minItems === 'number' ? node.minItems : Number(node.minItems ?? 1),
      );
      return Array.from({ length: count }, () => sampleFromSchema(node.items, text, depth + 1));
    }
    case 'OBJECT': {
      const out: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(record(node.properties) ?? {})) {
        out[name] = sampleFromSchema(child, text, depth + 1);
      }
      return out;
    }
    default:
      return text;
  }
}
