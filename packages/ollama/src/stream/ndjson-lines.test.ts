import { describe, expect, it } from 'vitest';
import { NdjsonLineSplitter, ndjsonLineBatches } from './ndjson-lines.js';

function streamOf(chunks: Array<string | Uint8Array>, onCancel?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function allLines(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of ndjsonLineBatches(stream)) out.push(...batch);
  return out;
}

describe('NdjsonLineSplitter', () => {
  it('returns complete lines and carries partial ones across pushes', () => {
    const splitter = new NdjsonLineSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':')).toEqual([]);
    expect(splitter.push('2}\n{"c":3}\n')).toEqual(['{"b":2}', '{"c":3}']);
    expect(splitter.flush()).toBeUndefined();
  });

  it('strips CRLF endings and skips blank and whitespace-only lines', () => {
    const splitter = new NdjsonLineSplitter();
    expect(splitter.push('{"a":1}\r\n\r\n   \n\t\n{"b":2}\n\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps a line split right at its CR', () => {
    const splitter = new NdjsonLineSplitter();
    expect(splitter.push('{"a":1}\r')).toEqual([]);
    expect(splitter.push('\n')).toEqual(['{"a":1}']);
  });

  it('flushes a final line without newline, once', () => {
    const splitter = new NdjsonLineSplitter();
    splitter.push('{"a":1}\n{"done":true}');
    expect(splitter.flush()).toBe('{"done":true}');
    expect(splitter.flush()).toBeUndefined();
  });

  it('joins a long line delivered one character at a time', () => {
    const splitter = new NdjsonLineSplitter();
    const line = JSON.stringify({ text: 'x'.repeat(5000) });
    for (const ch of line) expect(splitter.push(ch)).toEqual([]);
    expect(splitter.push('\n')).toEqual([line]);
  });
});

describe('ndjsonLineBatches', () => {
  it('reads lines split across chunks and a final line without newline', async () => {
    const lines = await allLines(streamOf(['{"a":', '1}\n{"b":2}\n{"c"', ':3}']));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('{"t":"héllo 🙂"}\n');
    const cut = bytes.indexOf(0xf0) + 2;
    const lines = await allLines(streamOf([bytes.slice(0, 9), bytes.slice(9, cut), bytes.slice(cut)]));
    expect(lines.map((l) => JSON.parse(l).t)).toEqual(['héllo 🙂']);
  });

  it('yields nothing for an empty body', async () => {
    expect(await allLines(streamOf([]))).toEqual([]);
  });

  it('cancels the source when the consumer stops early', async () => {
    let cancelled = false;
    const source = streamOf(['{"a":1}\n', '{"b":2}\n', '{"c":3}\n'], () => {
      cancelled = true;
    });
    for await (const batch of ndjsonLineBatches(source)) {
      expect(batch).toEqual(['{"a":1}']);
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('propagates an error of the source', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":1}\n'));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(allLines(failing)).rejects.toThrow('terminated');
  });
});
