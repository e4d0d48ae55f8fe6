import { describe, expect, it } from 'vitest';
import { matchFastDelta } from './fast-delta.js';

const wrap = (delta: string) => `{"type":"content_block_delta","index":3,"delta":${delta}}`;

describe('matchFastDelta', () => {
  it.each([
    [wrap('{"type":"text_delta","text":"Hi"}'), { index: 3, kind: 'text_delta', text: 'Hi' }],
    [
      wrap('{"type":"input_json_delta","partial_json":"{\\"a\\":"}'),
      { index: 3, kind: 'input_json_delta', text: '{"a":' },
    ],
    [wrap('{"type":"text_delta","text":"\\u00e9\\n"}'), { index: 3, kind: 'text_delta', text: 'é\n' }],
    [
      '{ "type" : "content_block_delta" , "index" : 0 , "delta" : { "type" : "text_delta" , "text" : "x" } }',
      { index: 0, kind: 'text_delta', text: 'x' },
    ],
  ])('reads %s', (data, expected) => {
    expect(matchFastDelta(data)).toEqual(expected);
    expect(JSON.parse(data).delta.text ?? JSON.parse(data).delta.partial_json).toBe(expected.text);
  });

  it.each([
    wrap('{"type":"text_delta","partial_json":"x"}'),
    wrap('{"type":"thinking_delta","thinking":"x"}'),
    wrap('{"type":"text_delta","text":"x","extra":1}'),
    wrap('{"type":"text_delta","text":"bad \\q"}'),
    wrap('{"type":"text_delta","text":"tab\there"}'),
    wrap(`{"type":"text_delta","text":"${'y'.repeat(5000)}"}`),
    '{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}',
  ])('leaves %s to the general path', (data) => {
    expect(matchFastDelta(data)).toBeUndefined();
  });
});
