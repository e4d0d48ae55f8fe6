const HEAD = '"choices":[{"index":0,"delta":{"content":"';
/** What may follow the content string in a plain text chunk (OpenAI adds `obfuscation` padding). */
const TAIL =
  /},(?:"logprobs":null,)?"finish_reason":null}\](?:,"usage":null)?(?:,"obfuscation":"[^"\\]*")?}$/y;

/**
 * Reads the text of a plain content chunk without `JSON.parse` of the whole chunk, which dominates stream
 * decoding (a chunk is ~250 bytes around a few characters of text). Returns undefined — and the caller
 * parses normally — unless the chunk has exactly OpenAI's shape: one choice at index 0 whose delta is only
 * `content`, no finish reason, no usage, and a prefix (id, model …) equal to `knownPrefix`, which the caller
 * validated with a full parse of an earlier chunk.
 *
 * @example
 * fastContentDelta(data, prefix); // 'Hel' or undefined
 */
export function fastContentDelta(data: string, knownPrefix: string | undefined): string | undefined {
  if (knownPrefix === undefined || !data.startsWith(knownPrefix)) return undefined;
  if (!data.startsWith(HEAD, knownPrefix.length)) return undefined;
  const open = knownPrefix.length + HEAD.length - 1;
  let escaped = false;
  let close = open + 1;
  for (; close < data.length; close++) {
    const code = data.charCodeAt(close);
    if (code === 34) break;
    if (code < 32) return undefined;
    if (code === 92) {
      escaped = true;
      close++;
    }
  }
  if (close >= data.length) return undefined;
  TAIL.lastIndex = close + 1;
  if (!TAIL.test(data)) return undefined;
  const literal = data.slice(open, close + 1);
  if (!escaped) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/**
 * The part of a chunk before `"choices"` (`{"id":…,"model":…,`), when the chunk is an object whose only
 * other fields sit before `choices`; the decoder validates it once by a full parse and then reuses it.
 *
 * @example
 * chunkPrefix('{"id":"c","choices":[]}'); // '{"id":"c",'
 */
export function chunkPrefix(data: string): string | undefined {
  const at = data.indexOf('"choices":');
  return at > 0 && data.charCodeAt(0) === 123 ? data.slice(0, at) : undefined;
}
