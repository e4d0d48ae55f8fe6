import { parseIntent } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { toOpenAIRequest } from './to-openai-request.js';

const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

describe('toOpenAIRequest', () => {
  it('writes only what the intent sets', () => {
    expect(toOpenAIRequest(parseIntent(base), 'gpt-4o')).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('uses the model it is given (prefix already stripped), not the intent one', () => {
    const intent = parseIntent({ ...base, model: 'openai/gpt-4o' });
    expect(toOpenAIRequest(intent, 'gpt-4o').model).toBe('gpt-4o');
  });

  it('maps every parameter', () => {
    const intent = parseIntent({
      ...base,
      parameters: {
        temperature: 0.5,
        maxTokens: 10,
        topP: 0.5,
        stop: ['x'],
        seed: 1,
        presencePenalty: 0.1,
        frequencyPenalty: -0.1,
        user: 'u-1',
      },
    });
    expect(toOpenAIRequest(intent, 'gpt-4o')).toMatchObject({
      temperature: 0.5,
      max_completion_tokens: 10,
      top_p: 0.5,
      stop: ['x'],
      seed: 1,
      presence_penalty: 0.1,
      frequency_penalty: -0.1,
      user: 'u-1',
    });
  });

  it.each([
    ['max_tokens', 'gpt-4o', 'max_tokens'],
    ['max_completion_tokens', 'gpt-4o', 'max_completion_tokens'],
    ['auto', 'gpt-4o', 'max_tokens'],
    ['auto', 'o3-mini', 'max_completion_tokens'],
    ['auto', 'gpt-5-nano', 'max_completion_tokens'],
  ] as const)('maxTokensField %s for %s writes %s', (field, model, expected) => {
    const intent = parseIntent({ ...base, parameters: { maxTokens: 5 } });
    const body = toOpenAIRequest(intent, model, { compat: { maxTokensField: field } });
    expect(body[expected]).toBe(5);
  });

  it('adds stream and include_usage only for streams, unless the server cannot take it', () => {
    const intent = parseIntent({ ...base, stream: true });
    expect(toOpenAIRequest(intent, 'gpt-4o').stream).toBeUndefined();
    expect(toOpenAIRequest(intent, 'gpt-4o', { stream: true })).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const noUsage = toOpenAIRequest(intent, 'gpt-4o', { stream: true, compat: { streamUsage: false } });
    expect(noUsage.stream_options).toBeUndefined();
  });

  it('maps a user name, empty assistant content and text response format', () => {
    const intent = parseIntent({
      ...base,
      messages: [
        { role: 'user', content: 'hi', name: 'ann' },
        { role: 'assistant', content: 'hello' },
      ],
      responseFormat: { type: 'text' },
    });
    const body = toOpenAIRequest(intent, 'gpt-4o');
    expect(body.messages).toEqual([
      { role: 'user', content: 'hi', name: 'ann' },
      { role: 'assistant', content: 'hello' },
    ]);
    expect(body.response_format).toBeUndefined();
  });

  it('writes json_schema without strict when not given', () => {
    const intent = parseIntent({ ...base, responseFormat: { type: 'json_schema', name: 's', schema: {} } });
    expect(toOpenAIRequest(intent, 'gpt-4o').response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 's', schema: {} },
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [{ name: 'f' }, { type: 'function', function: { name: 'f' } }],
  ] as const)('maps toolChoice %j', (choice, wire) => {
    const intent = parseIntent({ ...base, tools: [{ name: 'f', parameters: {} }], toolChoice: choice });
    expect(toOpenAIRequest(intent, 'gpt-4o').tool_choice).toEqual(wire);
  });

  it('without tool_choice support: none drops the tools, others leave it to the model', () => {
    const tools = [{ name: 'f', parameters: {} }];
    const none = toOpenAIRequest(parseIntent({ ...base, tools, toolChoice: 'none' }), 'm', {
      compat: { toolChoice: false },
    });
    expect(none.tools).toBeUndefined();
    const named = toOpenAIRequest(parseIntent({ ...base, tools, toolChoice: { name: 'f' } }), 'm', {
      compat: { toolChoice: false },
    });
    expect(named.tools).toHaveLength(1);
    expect(named.tool_choice).toBeUndefined();
  });

  it('ignores a toolChoice without tools', () => {
    const body = toOpenAIRequest(parseIntent({ ...base, toolChoice: 'required' }), 'gpt-4o');
    expect(body.tool_choice).toBeUndefined();
    expect(body.tools).toBeUndefined();
  });
});
