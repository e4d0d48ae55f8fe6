import { type AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }], usage: null })}\n\n`;
const usage = `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`;
const DONE = 'data: [DONE]\n\n';

function decodeAll(body: string, splitEvery = 0): AdapterStreamPart[] {
  const decoder = new OpenAIStreamDecoder();
  const bytes = new TextEncoder().encode(body);
  const parts: AdapterStreamPart[] = [];
  const step = splitEvery > 0 ? splitEvery : bytes.length;
  for (let i = 0; i < bytes.length; i += step) parts.push(...decoder.feedBytes(bytes.subarray(i, i + step)));
  parts.push(...decoder.end());
  return parts;
}

function thrown(run: () => unknown): RouterError {
  try {
    run();
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
  }
  throw new Error('expected a RouterError');
}

const BODY =
  chunk({ role: 'assistant', content: '' }) +
  chunk({ content: 'Hé' }) +
  chunk({ content: 'llo' }) +
  chunk({}, 'stop') +
  usage +
  DONE;
const EXPECTED = [
  { type: 'text-delta', text: 'Hé' },
  { type: 'text-delta', text: 'llo' },
  {
    type: 'finish',
    finishReason: 'stop',
    usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    model: 'gpt-4o-mini',
  },
];

describe('OpenAIStreamDecoder', () => {
  it.each([0, 1, 3, 7, 64])('decodes the same parts however the bytes are split (every %i)', (split) => {
    expect(decodeAll(BODY, split)).toEqual(EXPECTED);
  });

  it('accepts CRLF line endings and SSE comments', () => {
    const crlf = `: keep-alive\r\n\r\n${BODY.replaceAll('\n', '\r\n')}`;
    expect(decodeAll(crlf)).toEqual(EXPECTED);
  });

  it('accepts a final [DONE] without its blank line', () => {
    expect(decodeAll(BODY.slice(0, -1))).toEqual(EXPECTED);
  });

  it('emits tool-call deltas by index', () => {
    const body =
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
      }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }) +
      chunk({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'g', arguments: '{}' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }) +
      chunk({}, 'tool_calls') +
      DONE;
    expect(decodeAll(body)).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'f', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":' },
      { type: 'tool-call-delta', index: 1, id: 'call_2', name: 'g', argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
      { type: 'finish', finishReason: 'tool_calls', model: 'gpt-4o-mini' },
    ]);
  });

  it('ignores choices other than the first and anything after [DONE]', () => {
    const other = `data: ${JSON.stringify({ choices: [{ index: 1, delta: { content: 'no' } }] })}\n\n`;
    const parts = decodeAll(
      chunk({ content: 'yes' }) + other + chunk({}, 'stop') + DONE + chunk({ content: 'late' }),
    );
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'finish']);
  });

  it('throws stream_cut when the body ends before [DONE]', () => {
    const decoder = new OpenAIStreamDecoder({ providerId: 'groq' });
    expect(decoder.feed(chunk({ content: 'par' }))).toHaveLength(1);
    decoder.feed('data: {"choices":[{"delta":{"content":"ti');
    expect(thrown(() => decoder.end())).toMatchObject({
      category: 'network',
      code: 'stream_truncated',
      providerId: 'groq',
    });
    expect(thrown(() => decoder.end()).code).toBe('stream_truncated');
  });

  it('ends without [DONE] when the finish reason and usage already came (Perplexity, Mistral)', () => {
    const body = chunk({ content: 'ok' }) + chunk({}, 'stop') + usage;
    expect(decodeAll(body).at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'stop',
      usage: { totalTokens: 5 },
    });
  });

  it('throws malformed_stream for data that is not JSON', () => {
    const decoder = new OpenAIStreamDecoder();
    expect(thrown(() => decoder.feed('data: {nope\n\n'))).toMatchObject({
      category: 'provider',
      code: 'malformed_stream',
    });
    expect(decoder.done).toBe(true);
  });

  it('returns the parts before an error event, then throws the classified error', () => {
    const decoder = new OpenAIStreamDecoder({ apiKey: 'sk-secret-key-123456', now: () => 5000 });
    const error = `data: ${JSON.stringify({ error: { message: 'bad key sk-secret-key-123456', type: 'server_error', code: null } })}\n\n`;
    expect(decoder.feed(chunk({ content: 'a' }) + error)).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(decoder.done).toBe(true);
    const failure = thrown(() => decoder.end());
    expect(failure).toMatchObject({
      category: 'provider',
      code: 'upstream_error',
      upstreamCode: 'server_error',
    });
    expect(failure.message).not.toContain('sk-secret');
  });

  it('treats an `event: error` line as an error and a per-day limit as exhausted until the reset', () => {
    const decoder = new OpenAIStreamDecoder({ now: () => 5000 });
    const body = `event: error\ndata: ${JSON.stringify({ message: 'Limit on tokens per day (TPD). Please try again in 2s.', type: 'tokens', code: 'rate_limit_exceeded' })}\n\n`;
    const failure = thrown(() => decoder.feed(body));
    expect(failure).toMatchObject({ category: 'quota_exhausted', retryAfterMs: 2000 });
    expect(failure.rateLimits?.exhaustedUntil).toBe(7000);
  });

  it('reports an unknown finish when [DONE] comes without a finish reason', () => {
    expect(decodeAll(DONE)).toEqual([{ type: 'finish', finishReason: 'other' }]);
  });
});
