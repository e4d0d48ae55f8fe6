import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal requests serialise equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The cache key of a request, `<namespace>:<digest>` (a shared store can find one virtual key's entries):
 * SHA-256 over the virtual key's name (its namespace), the kind of answer and the
 * normalised intent (the provider-neutral request, so the same question in OpenAI or Anthropic format hits
 * the same entry; `stream` is excluded because streams replay from the same answer).
 *
 * @example
 * cacheKey('team-search', 'chat', intent, 'balanced');
 */
export function cacheKey(namespace: string, kind: string, intent: object, objective: string): string {
  const { stream: _stream, ...rest } = intent as { stream?: unknown };
  const digest = createHash('sha256')
    .update(`${namespace}\u0000${kind}\u0000${objective}\u0000${canonical(rest)}`)
    .digest('base64url');
  return `${namespace}:${digest}`;
}
