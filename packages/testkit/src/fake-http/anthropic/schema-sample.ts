type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deterministic value that fits a JSON Schema well enough for a fake tool call: every declared property,
 * the first `enum` value, strings `"echo"`, numbers 1, booleans true, one-item arrays.
 *
 * @example
 * sampleFromSchema({ type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } });
 * // { city: 'echo', days: 1 }
 */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > 6) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      for (const [name, property] of Object.entries(properties))
        out[name] = sampleFromSchema(property, depth + 1);
      return out;
    }
    case 'array':
      return [sampleFromSchema(schema.items, depth + 1)];
    case 'string':
      return 'echo';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return isSchema(schema.properties) ? sampleFromSchema({ ...schema, type: 'object' }, depth) : null;
  }
}
