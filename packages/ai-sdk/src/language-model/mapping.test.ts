import { describe, expect, it } from 'vitest';
import { toFinishReason, toUsage } from './from-response.js';
import { toMessages } from './to-messages.js';

describe('mapping between the router and the AI SDK spec', () => {
  it('maps usage exactly, leaving unreported details undefined', () => {
    expect(
      toUsage({
        inputTokens: 100,
        outputTokens: 40,
        totalTokens: 140,
        cachedInputTokens: 60,
        cacheCreationInputTokens: 10,
        reasoningTokens: 15,
      }),
    ).toMatchObject({
      inputTokens: { total: 100, noCache: 30, cacheRead: 60, cacheWrite: 10 },
      outputTokens: { total: 40, text: 25, reasoning: 15 },
    });
    const plain = toUsage({ inputTokens: 5, outputTokens: 7, totalTokens: 12 });
    expect(plain.inputTokens).toEqual({ total: 5, noCache: 5, cacheRead: undefined, cacheWrite: undefined });
    expect(plain.outputTokens).toEqual({ total: 7, text: 7, reasoning: undefined });
  });

  it('maps every finish reason', () => {
    expect(
      (['stop', 'length', 'tool_calls', 'content_filter', 'error', 'other'] as const).map(
        (r) => toFinishReason(r).unified,
      ),
    ).toEqual(['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other']);
  });

  it('converts prompts: images, tool calls with JSON input, tool results, dropped reasoning', () => {
    const messages = toMessages([
      { role: 'system', content: 'Be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) },
          { type: 'file', mediaType: 'image/jpeg', data: new URL('https://example.com/cat.jpg') },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'hidden' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'cat' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'lookup',
            output: { type: 'json', value: { found: true } },
          },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', data: 'AQID', mimeType: 'image/png' },
          { type: 'image', url: 'https://example.com/cat.jpg' },
        ],
      },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"cat"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', name: 'lookup', content: '{"found":true}' },
    ]);
    expect(() =>
      toMessages([{ role: 'user', content: [{ type: 'file', mediaType: 'application/pdf', data: 'AAAA' }] }]),
    ).toThrow(/application\/pdf/);
  });
});
