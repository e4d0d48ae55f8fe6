/** A text or tool-input delta read without a full JSON.parse. */
export interface FastDelta {
  /** Content block index. @example 0 */
  index: number;
  /** Delta kind. @example 'text_delta' */
  kind: 'text_delta' | 'input_json_delta';
  /** The decoded string. @example 'Hello' */
  text: string;
}

/**
 * Text and tool-input deltas are nearly every event of a stream, and a full JSON.parse of each dominates
 * decoding. This matches exactly `{type, index, delta: {type, text | partial_json}}` (whitespace tolerated), so
 * only the string literal needs decoding; anything else goes to the general path.
 */
const FAST_DELTA =
  /^\{\s*"type"\s*:\s*"content_block_delta"\s*,\s*"index"\s*:\s*(\d+)\s*,\s*"delta"\s*:\s*\{\s*"type"\s*:\s*"(text_delta"\s*,\s*"text|input_json_delta"\s*,\s*"partial_json)"\s*:\s*"((?:[^"\\]|\\.)*)"\s*\}\s*\}$/;
/** Longer data is rare and safer with JSON.parse than with a backtracking pattern. */
const FAST_LIMIT = 4096;

/**
 * Reads a `content_block_delta` event's data when it has the common shape, exactly as JSON.parse would;
 * returns undefined otherwise (other shapes, extra fields, bad escapes, raw control characters, long data).
 *
 * @example
 * matchFastDelta('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}');
 * // { index: 0, kind: 'text_delta', text: 'Hi' }
 */
export function matchFastDelta(data: string): FastDelta | undefined {
  if (data.length >= FAST_LIMIT) return undefined;
  const match = FAST_DELTA.exec(data);
  if (!match) return undefined;
  const literal = match[3] as string;
  // JSON forbids raw control characters in strings; leaving them to JSON.parse keeps this path as strict.
  for (let i = 0; i < literal.length; i++) if (literal.charCodeAt(i) < 0x20) return undefined;
  let text: string;
  try {
    text = literal.includes('\\') ? (JSON.parse(`"${literal}"`) as string) : literal;
  } catch {
    return undefined;
  }
  const kind = (match[2] as string).startsWith('text') ? 'text_delta' : 'input_json_delta';
  return { index: Number(match[1]), kind, text };
}
