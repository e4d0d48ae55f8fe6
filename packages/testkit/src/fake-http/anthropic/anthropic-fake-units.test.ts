import { describe, expect, it } from 'vitest';
import { AnthropicFakeIds } from './anthropic-fake-ids.js';
import { buildFakeReply } from './anthropic-fake-reply.js';
import { type FakeMessagesRequest, readMessagesRequest } from './anthropic-fake-request.js';
import { messageEvents } from './anthropic-stream-events.js';
import { checkToolPairing } from './anthropic-tool-pairing.js';
import { sampleFromSchema } from './schema-sample.js';

function request(body: Record<string, unknown>): FakeMessagesRequest {
  const read = readMessagesRequest({
    model: 'm',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'hi' }],
    ...body,
  });
  if ('error' in read) throw new Error(read.error);
  return read;
}

describe('sampleFromSchema', () => {
  it.each([
    [{ type: 'string' }, 'echo'],
    [{ type: 'integer' }, 1],
    [{ type: 'boolean' }, true],
    [{ type: 'array', items: { type: 'number' } }, [1]],
    [{ enum: ['a', 'b'] }, 'a'],
    [{ const: 7 }, 7],
    [{ type: ['null', 'string'] }, null],
    [{ properties: { a: { type: 'string' } } }, { a: 'echo' }],
    [
      { type: 'object', properties: { n: { type: 'object', properties: { x: { type: 'integer' } } } } },
      { n: { x: 1 } },
    ],
    ['not a schema', null],
  ])('%j → %j', (schema, expected) => {
    expect(sampleFromSchema(schema)).toEqual(expected);
  });
});

describe('checkToolPairing', () => {
  it('accepts a trailing assistant tool call as a prefill', () => {
    expect(
      checkToolPairing([
        { role: 'user', blocks: [{ type: 'text', text: 'x', cached: false }] },
        { role: 'assistant', blocks: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
      ]),
    ).toBeUndefined();
  });
});

describe('buildFakeReply', () => {
  const ids = new AnthropicFakeIds();
  const tools = [{ name: 'f', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }];

  it('calls a forced tool without text, and answers tool results with text', () => {
    const forced = buildFakeReply(request({ tools, tool_choice: { type: 'any' } }), ids, 10, {
      creation: 0,
      read: 0,
    });
    expect(forced.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'f', input: { q: 'echo' } },
    ]);
    expect(forced.stop_reason).toBe('tool_use');
    const auto = buildFakeReply(request({ tools }), ids, 10, { creation: 0, read: 0 });
    expect(auto.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
  });

  it('caps output at max_tokens and splits input usage with the cache', () => {
    const reply = buildFakeReply(request({ max_tokens: 1 }), ids, 40, { creation: 10, read: 20 });
    expect(reply.stop_reason).toBe('max_tokens');
    expect(reply.usage).toMatchObject({
      input_tokens: 10,
      cache_creation_input_tokens: 10,
      cache_read_input_tokens: 20,
      output_tokens: 1,
    });
  });
});

describe('messageEvents', () => {
  it('streams tool input as input_json_delta pieces starting with an empty one', () => {
    const reply = buildFakeReply(
      request({
        tools: [{ name: 'f', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
        tool_choice: { type: 'tool', name: 'f' },
      }),
      new AnthropicFakeIds(),
      10,
      { creation: 0, read: 0 },
    );
    const deltas = messageEvents(reply)
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (event.data as { delta: { partial_json: string } }).delta.partial_json);
    expect(deltas[0]).toBe('');
    expect(JSON.parse(deltas.join(''))).toEqual({ q: 'echo' });
  });
});
