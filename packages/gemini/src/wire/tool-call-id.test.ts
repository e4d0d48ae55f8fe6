import { describe, expect, it } from 'vitest';
import { makeToolCallId, readThoughtSignature } from './tool-call-id.js';

describe('tool call ids', () => {
  it('is stable for the same call and differs by position, name and arguments', () => {
    const base = { index: 0, name: 'f', argumentsJson: '{"a":1}' };
    expect(makeToolCallId(base)).toBe(makeToolCallId({ ...base }));
    expect(makeToolCallId(base)).toMatch(/^call_0_[0-9a-z]+$/);
    const others = [
      { ...base, index: 1 },
      { ...base, name: 'g' },
      { ...base, argumentsJson: '{"a":2}' },
    ];
    for (const other of others) expect(makeToolCallId(other)).not.toBe(makeToolCallId(base));
  });

  it('carries a thought signature through the id', () => {
    const id = makeToolCallId({ index: 0, name: 'f', argumentsJson: '{}', thoughtSignature: 'c2lnbmF0dXJl' });
    expect(readThoughtSignature(id)).toBe('c2lnbmF0dXJl');
    expect(readThoughtSignature('call_0_abc')).toBeUndefined();
    expect(readThoughtSignature('call_0_abc__thought__')).toBeUndefined();
  });

  it("prefers Gemini's own id when it sends one", () => {
    expect(makeToolCallId({ index: 3, name: 'f', argumentsJson: '{}', geminiId: 'fc-9' })).toBe('fc-9');
  });
});
