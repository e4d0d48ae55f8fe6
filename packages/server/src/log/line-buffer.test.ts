import { describe, expect, it } from 'vitest';
import { LineBuffer } from './line-buffer.js';

describe('LineBuffer', () => {
  it('writes the lines of one turn in one batch, in order, on the next turn', async () => {
    const writes: string[] = [];
    const buffer = new LineBuffer({ write: (text) => writes.push(text) });
    buffer.push('a');
    buffer.push('b');
    expect(writes).toEqual([]);
    await new Promise((done) => setImmediate(done));
    expect(writes).toEqual(['a\nb\n']);
    buffer.push('c');
    await new Promise((done) => setImmediate(done));
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('flushes at once past its bound, and on demand; an empty flush writes nothing', () => {
    const writes: string[] = [];
    const buffer = new LineBuffer({ write: (text) => writes.push(text) });
    const big = 'x'.repeat(40 * 1024);
    buffer.push(big);
    expect(writes).toEqual([]);
    buffer.push(big);
    expect(writes).toEqual([`${big}\n${big}\n`]);
    buffer.push('tail');
    buffer.flush();
    buffer.flush();
    expect(writes).toEqual([`${big}\n${big}\n`, 'tail\n']);
  });
});
