/**
 * Incremental newline splitter for NDJSON. Lines may be split across chunks; `\r\n` endings and blank lines
 * are tolerated. Text without a newline is buffered as parts and joined once, so a long line arriving in
 * many chunks costs linear, not quadratic, time.
 *
 * @example
 * const splitter = new NdjsonLineSplitter();
 * splitter.push('{"a":1}\n{"b"'); // ['{"a":1}']
 * splitter.push(':2}\n');         // ['{"b":2}']
 * splitter.flush();               // undefined
 */
export class NdjsonLineSplitter {
  #carry: string[] = [];

  /** Feeds decoded text; returns the lines it completed (without their newline). */
  push(text: string): string[] {
    const lines: string[] = [];
    let newline = text.indexOf('\n');
    if (newline === -1) {
      if (text !== '') this.#carry.push(text);
      return lines;
    }
    let start = 0;
    if (this.#carry.length > 0) {
      this.#carry.push(text.slice(0, newline));
      addLine(lines, this.#carry.join(''));
      this.#carry = [];
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline !== -1) {
      addLine(lines, text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.#carry.push(text.slice(start));
    return lines;
  }

  /** The last line when the text did not end with a newline; undefined when nothing is pending. */
  flush(): string | undefined {
    const rest = this.#carry.join('');
    this.#carry = [];
    const lines: string[] = [];
    addLine(lines, rest);
    return lines[0];
  }
}

function addLine(lines: string[], raw: string): void {
  let line = raw;
  if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  // Only lines starting with whitespace can be blank; checking first keeps the common path free of trim().
  if (line === '' || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
  lines.push(line);
}

/**
 * Reads an NDJSON byte stream as batches of lines (one batch per network chunk, which keeps the per-line cost
 * low). UTF-8 is decoded with `TextDecoderStream`, so multi-byte characters split across chunks survive.
 * Ending the iteration early (break, throw) cancels the underlying stream, which cancels an HTTP body.
 *
 * @example
 * for await (const lines of ndjsonLineBatches(response.body)) {
 *   for (const line of lines) console.log(JSON.parse(line));
 * }
 */
export async function* ndjsonLineBatches(body: ReadableStream<Uint8Array>): AsyncGenerator<string[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const splitter = new NdjsonLineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const lines = splitter.push(value);
      if (lines.length > 0) yield lines;
    }
    finished = true;
    const last = splitter.flush();
    if (last !== undefined) yield [last];
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
