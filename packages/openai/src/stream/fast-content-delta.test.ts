import type { AdapterStreamPart } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { chunkPrefix, fastContentDelta } from './fast-content-delta.js';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';

const PREFIX =
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp",';
const plain = (content: string, tail = ',"logprobs":null,"finish_reason":null}],"usage":null}') =>
  `${PREFIX}"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}${tail}`;

describe('fastContentDelta', () => {
  it.each([
    ['plain text', plain('Hello'), 'Hello'],
    ['escapes and unicode', plain('a "quoted" \\ line\nnext é 😀'), 'a "quoted" \\ line\nnext é 😀'],
    ['empty content', plain(''), ''],
    ['no logprobs, no usage', plain('x', ',"finish_reason":null}]}'), 'x'],
    [
      'obfuscation padding',
      plain('x', ',"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"aB3"}'),
      'x',
    ],
  ])('reads %s', (_name, data, expected) => {
    expect(fastContentDelta(data, PREFIX)).toBe(expected);
  });

  it.each([
    ['unknown prefix', plain('x'), '{"id":"other",'],
    ['no validated prefix yet', plain('x'), undefined],
    ['a finish reason', plain('x', ',"logprobs":null,"finish_reason":"stop"}],"usage":null}'), PREFIX],
    ['a second choice', plain('x', ',"finish_reason":null},{"index":1,"delta":{"content":"y"}}]}'), PREFIX],
    [
      'another delta field',
      `${PREFIX}"choices":[{"index":0,"delta":{"content":"x","refusal":null},"finish_reason":null}]}`,
      PREFIX,
    ],
    ['usage in the tail', plain('x', ',"finish_reason":null}],"usage":{"total_tokens":1}}'), PREFIX],
    [
      'a raw control character',
      `${PREFIX}"choices":[{"index":0,"delta":{"content":"a\u0001"},"finish_reason":null}]}`,
      PREFIX,
    ],
    ['an unterminated string', `${PREFIX}"choices":[{"index":0,"delta":{"content":"abc`, PREFIX],
    [
      'a bad escape',
      `${PREFIX}"choices":[{"index":0,"delta":{"content":"\\q"},"finish_reason":null}]}`,
      PREFIX,
    ],
    ['trailing garbage', `${plain('x')}x`, PREFIX],
  ])('declines %s', (_name, data, prefix) => {
    expect(fastContentDelta(data, prefix)).toBeUndefined();
  });

  it('finds the prefix before choices', () => {
    expect(chunkPrefix(plain('x'))).toBe(PREFIX);
    expect(chunkPrefix('[1]')).toBeUndefined();
  });
});

describe('the decoder gives the same parts with and without the fast path', () => {
  const role = `${PREFIX}"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`;
  const tricky = [
    plain('Hel'),
    plain('lo "you"\n'),
    plain('x', ',"finish_reason":null},{"index":1,"delta":{"content":"ignored"}}]}'),
    `${PREFIX}"choices":[{"index":0,"delta":{"content":"y","refusal":null},"finish_reason":null}]}`,
    plain('', ',"logprobs":null,"finish_reason":"stop"}],"usage":null}'),
    `${PREFIX}"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}`,
  ];
  const sse = (events: string[]) => `${events.map((e) => `data: ${e}\n\n`).join('')}data: [DONE]\n\n`;
  const decode = (body: string): AdapterStreamPart[] => {
    const decoder = new OpenAIStreamDecoder();
    return [...decoder.feed(body), ...decoder.end()];
  };

  it('with a validated prefix (role chunk first) and without (no role chunk)', () => {
    const fast = decode(sse([role, ...tricky]));
    const slow = decode(sse(tricky));
    expect(fast).toEqual(slow.map((part) => (part.type === 'finish' ? { ...part, model: 'm' } : part)));
    expect(fast.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual([
      'Hel',
      'lo "you"\n',
      'x',
      'y',
      'finish',
    ]);
  });

  it('never takes the fast path from a prefix that carries an error', () => {
    const bad = `{"id":"c1","error":{"message":"boom","type":"server_error"},"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}`;
    const decoder = new OpenAIStreamDecoder();
    expect(() => decoder.feed(`data: ${bad}\n\n`)).toThrow(
      expect.objectContaining({ code: 'upstream_error', upstreamCode: 'server_error' }),
    );
  });
});
