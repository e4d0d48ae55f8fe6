import type { AdapterStreamPart } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { GeminiStreamParser } from './gemini-stream-parser.js';

const encoder = new TextEncoder();
const event = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\r\n\r\n`;
const chunk = (text: string, extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...extra }],
  usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 },
  modelVersion: 'gemini-2.0-flash',
});

function parseAll(body: string, pieceSize = body.length, options = {}): AdapterStreamPart[] {
  const parser = new GeminiStreamParser(options);
  const bytes = encoder.encode(body);
  const parts: AdapterStreamPart[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize)
    parts.push(...parser.push(bytes.subarray(i, i + pieceSize)));
  parts.push(...parser.end());
  return parts;
}

function errorOf(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a throw');
}

describe('GeminiStreamParser', () => {
  const body =
    event(chunk('Hel')) +
    event(chunk('lo wörld')) +
    event({
      ...chunk('!', { finishReason: 'STOP' }),
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
    });

  it('yields text deltas and a final finish with the last usage', () => {
    expect(parseAll(body)).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo wörld' },
      { type: 'text-delta', text: '!' },
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
        model: 'gemini-2.0-flash',
      },
    ]);
  });

  it('gives the same parts however the bytes are split (multi-byte characters included)', () => {
    const whole = parseAll(body);
    for (const size of [1, 2, 3, 7, 64]) expect(parseAll(body, size)).toEqual(whole);
    expect(parseAll(body.replace(/\r\n/g, '\n'), 5)).toEqual(whole);
  });

  it('emits whole function calls as tool-call deltas, numbered across chunks', () => {
    const call = (name: string, args: unknown) => ({
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name, args } }] } }],
    });
    const parts = parseAll(
      event(call('a', { x: 1 })) +
        event({ ...call('b', {}), candidates: [{ ...call('b', {}).candidates[0], finishReason: 'STOP' }] }),
    );
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: expect.stringMatching(/^call_0_/),
        name: 'a',
        argumentsDelta: '{"x":1}',
      },
      {
        type: 'tool-call-delta',
        index: 1,
        id: expect.stringMatching(/^call_1_/),
        name: 'b',
        argumentsDelta: '{}',
      },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('ends a blocked prompt with content_filter', () => {
    expect(parseAll(event({ promptFeedback: { blockReason: 'SAFETY' } }))).toEqual([
      { type: 'finish', finishReason: 'content_filter' },
    ]);
  });

  it('throws an error event as its classified RouterError, key scrubbed', () => {
    const error = errorOf(() =>
      parseAll(
        event(chunk('Hi')) +
          event({
            error: {
              code: 403,
              message: "Consumer 'api_key:AIza-canary' has been suspended.",
              status: 'PERMISSION_DENIED',
            },
          }),
        undefined,
        { apiKey: 'AIza-canary' },
      ),
    );
    expect(error).toMatchObject({
      category: 'permission',
      code: 'permission_denied',
      upstreamCode: 'PERMISSION_DENIED',
      status: undefined,
    });
    expect(JSON.stringify(error) + String(error.message)).not.toContain('AIza-canary');
    const overloaded = errorOf(() =>
      parseAll(event({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } })),
    );
    expect(overloaded).toMatchObject({
      category: 'provider',
      status: undefined,
      code: 'overloaded',
      keyEffect: 'failure',
    });
  });

  it('delivers the parts before an error event, then throws it', () => {
    const parser = new GeminiStreamParser();
    const bytes = encoder.encode(
      event(chunk('Hi')) + event({ error: { code: 500, message: 'boom', status: 'INTERNAL' } }),
    );
    expect(parser.push(bytes)).toEqual([{ type: 'text-delta', text: 'Hi' }]);
    expect(errorOf(() => parser.push(encoder.encode(event(chunk('more')))))).toMatchObject({
      code: 'upstream_error',
      upstreamCode: 'INTERNAL',
    });
    expect(errorOf(() => parser.end())).toMatchObject({ category: 'provider', status: undefined });
  });

  it('throws on a stream that ends without a finishReason', () => {
    expect(errorOf(() => parseAll(event(chunk('Hi'))))).toMatchObject({
      category: 'network',
      code: 'stream_truncated',
    });
    expect(errorOf(() => parseAll(''))).toMatchObject({ code: 'stream_truncated' });
  });

  it('treats an event cut mid-JSON at the end as truncation, and bad JSON mid-stream as malformed', () => {
    expect(errorOf(() => parseAll(`${event(chunk('Hi'))}data: {"candidates": [`))).toMatchObject({
      code: 'stream_truncated',
    });
    expect(
      errorOf(() => parseAll(event('{"candidates": [') + event(chunk('x', { finishReason: 'STOP' })))),
    ).toMatchObject({
      category: 'provider',
      code: 'malformed_stream',
    });
  });

  it('accepts a final event that lacks only its blank line', () => {
    const parts = parseAll(`data: ${JSON.stringify(chunk('Hi', { finishReason: 'MAX_TOKENS' }))}`);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
  });
});
