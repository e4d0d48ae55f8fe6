import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { fromOpenAIResponse } from './from-openai-response.js';
import { toFinishReason } from './openai-finish-reason.js';
import { toUsage } from './openai-usage.js';

describe('fromOpenAIResponse', () => {
  it('reads content, tool calls, finish reason, usage, model and id; keeps unknown fields in raw', () => {
    const body = {
      id: 'chatcmpl-1',
      model: 'gpt-4o-2024-08-06',
      future_field: { anything: true },
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
              { type: 'function', function: { name: 'g', arguments: { y: 2 } } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
    };
    const res = fromOpenAIResponse(body, { model: 'gpt-4o' });
    expect(res).toEqual({
      message: {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'call_a', name: 'f', arguments: '{"x":1}' },
          { id: 'call_1', name: 'g', arguments: '{"y":2}' },
        ],
      },
      finishReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 4, totalTokens: 14 },
      model: 'gpt-4o-2024-08-06',
      providerRequestId: 'chatcmpl-1',
      raw: body,
    });
  });

  it('falls back to the requested model and to the refusal text', () => {
    const res = fromOpenAIResponse(
      { choices: [{ message: { content: null, refusal: 'I cannot help' }, finish_reason: 'stop' }] },
      { model: 'gpt-4o' },
    );
    expect(res.model).toBe('gpt-4o');
    expect(res.message.content).toBe('I cannot help');
    expect(res.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });

  it.each([null, 'text', {}, { choices: [] }, { choices: 'x' }])('rejects %j as a provider error', (body) => {
    let error: unknown;
    try {
      fromOpenAIResponse(body, { providerId: 'groq' });
    } catch (caught) {
      error = caught;
    }
    expect(RouterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ category: 'provider', code: 'malformed_response', providerId: 'groq' });
  });
});

describe('toUsage', () => {
  it.each([
    [undefined, { inputTokens: 0, outputTokens: 0, totalTokens: 0 }],
    [
      { prompt_tokens: 3, completion_tokens: 2 },
      { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    ],
    [
      {
        prompt_tokens: 2000,
        completion_tokens: 300,
        total_tokens: 2300,
        prompt_tokens_details: { cached_tokens: 1920 },
        completion_tokens_details: { reasoning_tokens: 256 },
      },
      {
        inputTokens: 2000,
        outputTokens: 300,
        totalTokens: 2300,
        cachedInputTokens: 1920,
        reasoningTokens: 256,
      },
    ],
    [
      { prompt_tokens: 100, completion_tokens: 1, prompt_cache_hit_tokens: 64 },
      { inputTokens: 100, outputTokens: 1, totalTokens: 101, cachedInputTokens: 64 },
    ],
    [
      {
        prompt_tokens: -1,
        completion_tokens: 'x',
        prompt_tokens_details: null,
        completion_tokens_details: null,
      },
      { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    ],
  ])('%j', (wire, expected) => {
    expect(toUsage(wire as Parameters<typeof toUsage>[0])).toEqual(expected);
  });
});

describe('toFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['eos', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['error', 'error'],
    ['something_new', 'other'],
    [null, 'other'],
  ])('%s → %s', (wire, expected) => {
    expect(toFinishReason(wire)).toBe(expected);
  });
});
