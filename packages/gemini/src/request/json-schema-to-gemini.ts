import type { GeminiSchema } from '../wire/gemini-wire-types.js';
import { asArray, asNumber, asRecord, asString, type JsonRecord } from '../wire/json-guards.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  STRING: ['date-time', 'enum'],
  INTEGER: ['int32', 'int64'],
  NUMBER: ['float', 'double'],
};
// Deep or self-referencing schemas are cut off rather than expanded forever.
const MAX_DEPTH = 24;

interface Walk {
  root: JsonRecord;
  depth: number;
  refs: ReadonlySet<string>;
}

function resolveRef(root: JsonRecord, ref: string): JsonRecord | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    node = asRecord(node)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return asRecord(node);
}

function mergeAllOf(node: JsonRecord): JsonRecord {
  const parts = asArray(node.allOf)
    .map(asRecord)
    .filter((p): p is JsonRecord => p !== undefined);
  const { allOf: _drop, ...rest } = node;
  const merged: JsonRecord = { ...rest };
  const properties: JsonRecord = { ...asRecord(rest.properties) };
  const required = new Set(asArray(rest.required).filter((r): r is string => typeof r === 'string'));
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties') {
        Object.assign(properties, asRecord(value));
      } else if (key === 'required') {
        for (const r of asArray(value)) if (typeof r === 'string') required.add(r);
      } else if (!(key in merged)) {
        merged[key] = value;
      }
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function typeOf(node: JsonRecord): { type?: string; nullable: boolean; alternatives?: string[] } {
  const raw = node.type;
  const names = (Array.isArray(raw) ? raw : [raw]).filter((t): t is string => typeof t === 'string');
  const nullable = names.includes('null') || node.nullable === true;
  const mapped = names.map((t) => TYPE_NAMES[t]).filter((t): t is string => t !== undefined);
  if (mapped.length > 1) return { nullable, alternatives: mapped };
  if (mapped[0]) return { type: mapped[0], nullable };
  if (asRecord(node.properties)) return { type: 'OBJECT', nullable };
  if (node.items !== undefined) return { type: 'ARRAY', nullable };
  if (asArray(node.enum).some((v) => typeof v === 'string')) return { type: 'STRING', nullable };
  return { nullable };
}

function copyBounds(node: JsonRecord, out: GeminiSchema): void {
  const type = out.type;
  const pick = (key: 'minimum' | 'maximum' | 'minItems' | 'maxItems' | 'minLength' | 'maxLength') => {
    const value = asNumber(node[key]);
    if (value !== undefined) out[key] = value;
  };
  if (type === 'NUMBER' || type === 'INTEGER') {
    pick('minimum');
    pick('maximum');
  } else if (type === 'ARRAY') {
    pick('minItems');
    pick('maxItems');
  } else if (type === 'STRING') {
    pick('minLength');
    pick('maxLength');
    const pattern = asString(node.pattern);
    if (pattern !== undefined) out.pattern = pattern;
  }
}

function copyEnum(node: JsonRecord, out: GeminiSchema): void {
  const values = node.const !== undefined ? [node.const] : asArray(node.enum);
  if (values.length === 0) return;
  if (values.every((v) => typeof v === 'string') && (out.type === 'STRING' || out.type === undefined)) {
    out.type = 'STRING';
    out.enum = values as string[];
    return;
  }
  // Gemini only takes string enums; keep the constraint visible to the model instead of dropping it.
  const listed = `One of: ${values.map((v) => JSON.stringify(v)).join(', ')}.`;
  out.description = out.description ? `${out.description} ${listed}` : listed;
}

function convert(input: unknown, walk: Walk): GeminiSchema | undefined {
  let node = asRecord(input);
  if (!node || walk.depth > MAX_DEPTH) return undefined;
  let refs = walk.refs;
  const ref = asString(node.$ref);
  if (ref !== undefined) {
    const target = refs.has(ref) ? undefined : resolveRef(walk.root, ref);
    if (!target) return node.description ? { description: String(node.description) } : undefined;
    refs = new Set([...refs, ref]);
    const { $ref: _ref, ...siblings } = node;
    node = { ...target, ...siblings };
  }
  if (Array.isArray(node.allOf)) node = mergeAllOf(node);
  const next: Walk = { root: walk.root, depth: walk.depth + 1, refs };
  const out: GeminiSchema = {};
  const { type, nullable, alternatives } = typeOf(node);
  const choices = asArray(node.anyOf ?? node.oneOf);
  if (choices.length > 0) {
    const nonNull = choices.filter((c) => asRecord(c)?.type !== 'null');
    const converted = nonNull.map((c) => convert(c, next)).filter((c): c is GeminiSchema => c !== undefined);
    const isNullable = nullable || nonNull.length < choices.length;
    if (converted.length === 1) Object.assign(out, converted[0]);
    else if (converted.length > 1) out.anyOf = converted;
    if (isNullable) out.nullable = true;
  } else if (alternatives) {
    out.anyOf = alternatives.map((t) => ({ type: t }));
  } else if (type) {
    out.type = type;
  }
  if (nullable) out.nullable = true;
  const title = asString(node.title);
  const description = asString(node.description);
  if (title !== undefined) out.title = title;
  if (description !== undefined) out.description = description;
  const format = asString(node.format);
  if (format !== undefined && out.type && FORMATS[out.type]?.includes(format)) out.format = format;
  copyEnum(node, out);
  copyBounds(node, out);
  if (out.type === 'OBJECT') {
    const properties: Record<string, GeminiSchema> = {};
    for (const [name, child] of Object.entries(asRecord(node.properties) ?? {})) {
      const converted = convert(child, next);
      if (converted) properties[name] = converted;
    }
    if (Object.keys(properties).length > 0) {
      out.properties = properties;
      const required = asArray(node.required).filter(
        (r): r is string => typeof r === 'string' && r in properties,
      );
      if (required.length > 0) out.required = required;
    }
  }
  if (out.type === 'ARRAY') {
    const items = convert(node.items, next);
    if (items) out.items = items;
  }
  return out;
}

/**
 * Converts a JSON Schema (draft 7 / 2020-12, as tools and `json_schema` formats carry) into Gemini's
 * OpenAPI subset: upper-case types, `type: [x, "null"]` → `nullable`, `oneOf` → `anyOf`, `$ref`/`$defs`
 * inlined (cycles cut), `allOf` merged, `const` → single-value enum, non-string enums described instead of
 * sent, unsupported keywords (`additionalProperties`, `$schema`, `default`, unknown formats …) dropped.
 * Returns undefined for input that is not a schema object.
 *
 * @example
 * toGeminiSchema({ type: 'object', properties: { city: { type: ['string', 'null'] } }, required: ['city'] });
 * // { type: 'OBJECT', properties: { city: { type: 'STRING', nullable: true } }, required: ['city'] }
 */
export function toGeminiSchema(schema: unknown): GeminiSchema | undefined {
  const root = asRecord(schema);
  if (!root) return undefined;
  return convert(root, { root, depth: 0, refs: new Set() });
}
