import { describe, expect, it } from 'vitest';
import { fastTextLine } from './fast-text-line.js';

const line = (content: string) =>
  `{"model":"llama3.2","created_at":"2026-01-01T00:00:00.1Z","message":{"role":"assistant","content":${content}},"done":false}`;

describe('fastTextLine', () => {
  it.each([
    ['plain text', line('"Hello"'), 'Hello'],
    ['empty text', line('""'), ''],
    ['escaped quote and newline', line('"say \\"hi\\"\\n"'), 'say "hi"\n'],
    ['Go HTML escapes', line('"\\u003cb\\u003e \\u0026"'), '<b> &'],
    ['escaped backslash at the end', line('"path\\\\"'), 'path\\'],
    ['unicode', line('"héllo 🙂"'), 'héllo 🙂'],
  ])('decodes %s', (_name, text, expected) => {
    expect(fastTextLine(text)).toBe(expected);
    expect(JSON.parse(text).message.content).toBe(expected);
  });

  it.each([
    [
      'the done line',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true}',
    ],
    [
      'a tool call line',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"","tool_calls":[]},"done":false}',
    ],
    [
      'a thinking line',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a","thinking":"b"},"done":false}',
    ],
    ['an error line', '{"error":"boom"}'],
    [
      'other field order',
      '{"created_at":"t","model":"m","message":{"role":"assistant","content":"a"},"done":false}',
    ],
    ['a raw control character (invalid JSON)', line('"a\tb"')],
    [
      'a dangling escape (invalid JSON)',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a\\"},"done":false}',
    ],
    ['a non-string content', line('42')],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(fastTextLine(text)).toBeUndefined();
  });
});
