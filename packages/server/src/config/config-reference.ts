import { z } from 'zod';
import { gatewayConfigSchema } from './config-schema.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  pattern?: string;
}

function typeOf(node: JsonSchema): string {
  if (node.enum) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  return Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any');
}

function limits(node: JsonSchema): string {
  const parts: string[] = [];
  if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${node.maximum}`);
  if (node.minItems !== undefined && node.minItems > 0) parts.push(`at least ${node.minItems}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function children(node: JsonSchema, path: string, out: string[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    rows(child, path === '' ? name : `${path}.${name}`, node.required?.includes(name) ?? false, out);
  }
}

function rows(node: JsonSchema, path: string, required: boolean, out: string[]): void {
  const def = node.default !== undefined ? `\`${JSON.stringify(node.default)}\`` : required ? 'required' : '';
  const text = (node.description ?? '').replaceAll('|', '\\|');
  out.push(`| \`${path}\` | ${typeOf(node)}${limits(node)} | ${def} | ${text} |`);
  if (node.properties) children(node, path, out);
  else if (node.type === 'array' && node.items?.properties) children(node.items, `${path}[]`, out);
  else if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties) {
    children(node.additionalProperties, `${path}.<id>`, out);
  }
}

/**
 * The config reference table of docs/gateway.md, generated from {@link gatewayConfigSchema} so it cannot drift:
 * one row per field with its type, default and description.
 *
 * @example
 * console.log(configReference());
 */
export function configReference(): string {
  const schema = z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out = ['| field | type | default | meaning |', '| --- | --- | --- | --- |'];
  children(schema, '', out);
  return `${out.join('\n')}\n`;
}
