import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { OllamaStreamDecoder } from './ollama-stream-decoder.js';

const decoder = (apiKey?: string) =>
  new OllamaStreamDecoder({ providerId: 'ollama', requestedModel: 'llama3.2', now: () => 1_000, apiKey });

function thrown(fn: () => unknown): RouterError {
  try {
    fn();
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a RouterError');
}

describe('OllamaStreamDecoder', () => {
  it('emits text deltas and a finish with usage from the done line', () => {
    const d = decoder();
    expect(
      d.accept('{"model":"llama3.2","message":{"role":"assistant","content":"He"},"done":false}'),
    ).toEqual([{ type: 'text-delta', text: 'He' }]);
    expect(d.accept('{"message":{"role":"assistant","content":""},"done":false}')).toEqual([]);
    expect(
      d.accept(
        '{"model":"llama3.2:latest","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":3,"eval_count":4,"total_duration":1}',
      ),
    ).toEqual([
      {
        type: 'finish',
        finishReason: 'length',
        usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
        model: 'llama3.2:latest',
      },
    ]);
    expect(d.done).toBe(true);
    expect(() => d.end()).not.toThrow();
    expect(d.accept('{"message":{"content":"late"}}')).toEqual([]);
  });

  it('emits each whole tool call as one delta with running indices and finishes with tool_calls', () => {
    const d = decoder();
    const parts = d.accept(
      JSON.stringify({
        message: {
          role: 'assistant',
          content: '',
          tool_calls: [
            { function: { name: 'a', arguments: { x: 1 } } },
            { id: 'given', function: { name: 'b', arguments: {} } },
          ],
        },
        done: false,
      }),
    );
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: expect.stringMatching(/^call_/),
        name: 'a',
        argumentsDelta: '{"x":1}',
      },
      { type: 'tool-call-delta', index: 1, id: 'given', name: 'b', argumentsDelta: '{}' },
    ]);
    const [finish] = d.accept('{"done":true,"done_reason":"stop"}');
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'tool_calls', model: 'llama3.2' });
  });

  it('throws an error line as a classified RouterError, scrubbing the key', () => {
    const error = thrown(() =>
      decoder('sk-canary-0123456789').accept('{"error":"runner crashed for sk-canary-0123456789"}'),
    );
    expect([error.category, error.code, error.status]).toEqual(['provider', 'upstream_error', undefined]);
    expect(error.message).not.toContain('sk-canary-0123456789');
    const context = thrown(() => decoder().accept('{"error":"the input length exceeds the context length"}'));
    expect(context.category).toBe('context_length');
  });

  it('throws malformed lines as provider errors', () => {
    for (const line of ['{"model":', '[1,2]', 'null', '"text"']) {
      const error = thrown(() => decoder().accept(line));
      expect([error.category, error.code]).toEqual(['provider', 'malformed_stream']);
    }
  });

  it('reports a stream that ended before done:true as a network error', () => {
    const d = decoder();
    d.accept('{"message":{"content":"partial"},"done":false}');
    const error = thrown(() => d.end());
    expect([error.category, error.code, error.retryable]).toEqual(['network', 'stream_truncated', true]);
  });
});
