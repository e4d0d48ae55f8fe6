/**
 * The fields of an OpenAI-style error body, read defensively.
 *
 * @example
 * ```ts
 * const fields: OpenAIErrorFields = readOpenAIError({
 *   error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
 * });
 * fields.code; // 'insufficient_quota'
 * ```
 */
export interface OpenAIErrorFields {
  /**
   * Human-readable message (unscrubbed).
   * @example 'You exceeded your current quota, …'
   */
  message: string;
  /**
   * `error.code` as text (Azure sends numeric-looking strings such as `"429"`).
   * @example 'insufficient_quota'
   */
  code?: string;
  /**
   * `error.type`.
   * @example 'invalid_request_error'
   */
  type?: string;
  /**
   * `error.param`, when given.
   * @example 'messages'
   */
  param?: string;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Reads `{"error": {"message", "type", "param", "code"}}` and the shapes compatible servers use instead
 * (`{"error": "…"}`, vLLM's `{"object": "error", "message", "type"}`, `{"detail": "…"}`).
 *
 * @example
 * readOpenAIError({ error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' } }).code;
 * // 'insufficient_quota'
 */
export function readOpenAIError(body: unknown, fallbackText = ''): OpenAIErrorFields {
  if (typeof body !== 'object' || body === null) return { message: fallbackText.slice(0, 500) };
  const record = body as Record<string, unknown>;
  const inner = record.error;
  const source = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : record;
  const message =
    text(source.message) ??
    text(inner) ??
    text(record.detail) ??
    (typeof record.detail === 'object' ? JSON.stringify(record.detail) : undefined) ??
    fallbackText.slice(0, 500);
  const fields: OpenAIErrorFields = { message };
  const code = text(source.code);
  const type = text(source.type);
  const param = text(source.param);
  if (code !== undefined) fields.code = code;
  if (type !== undefined) fields.type = type;
  if (param !== undefined) fields.param = param;
  return fields;
}
