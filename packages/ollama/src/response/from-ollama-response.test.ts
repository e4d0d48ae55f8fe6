import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { toFinishReason } from './finish-reason.js';
import { fromOllamaResponse } from './from-ollama-response.js';
import { fromOllamaToolCalls } from './from-ollama-tool-calls.js';
import { toUsage } from './to-usage.js';

const typical = {
  model: 'llama3.2:latest',
  created_at: '2025-01-01T00:00:00Z',
  message: { role: 'assistant', content: 'Hello!', thinking: 'hmm' },
  done: true,
  done_reason: 'stop',
  total_duration: 5191566416,
  load_duration: 2154458,
  prompt_eval_count: 26,
  prompt_eval_duration: 383809000,
  eval_count: 298,
  eval_duration: 4799921000,
  some_future_field: { nested: true },
};

describe('fromOllamaResponse', () => {
  it('normalises message, finish, usage and model and keeps the raw body', () => {
    const res = fromOllamaResponse(typical, 'llama3.2');
    expect(res).toEqual({
      message: { role: 'assistant', content: 'Hello!' },
      finishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 298, totalTokens: 324 },
      model: 'llama3.2:latest',
      raw: typical,
    });
  });

  it('turns tool calls into JSON-text arguments with ids and finish tool_calls', () => {
    const res = fromOllamaResponse({
      message: {
        role: 'assistant',
        content: '',
        tool_calls: [
          { function: { name: 'get_weather', arguments: { city: 'Paris', days: 2 } } },
          { id: 'call_given', function: { index: 1, name: 'get_time', arguments: { tz: 'UTC' } } },
        ],
      },
      done: true,
      done_reason: 'stop',
    });
    expect(res.finishReason).toBe('tool_calls');
    const calls = res.message.toolCalls ?? [];
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_weather', { city: 'Paris', days: 2 }],
      ['get_time', { tz: 'UTC' }],
    ]);
    expect(calls[0]?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(calls[1]?.id).toBe('call_given');
  });

  it('falls back to the requested model and zero usage when fields are missing', () => {
    const res = fromOllamaResponse({ done: true }, 'phi3');
    expect(res.model).toBe('phi3');
    expect(res.message).toEqual({ role: 'assistant', content: '' });
    expect(res.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });

  it('rejects bodies that are not chat objects as malformed provider responses', () => {
    for (const body of [null, 'text', 42, [1]]) {
      let caught: unknown;
      try {
        fromOllamaResponse(body);
      } catch (error) {
        caught = error;
      }
      expect(RouterError.isInstance(caught) && [caught.category, caught.code]).toEqual([
        'provider',
        'malformed_response',
      ]);
    }
  });
});

describe('toFinishReason', () => {
  it.each([
    ['stop', false, 'stop'],
    [undefined, false, 'stop'],
    ['length', false, 'length'],
    ['content_filter', false, 'content_filter'],
    ['load', false, 'other'],
    ['unload', false, 'other'],
    ['stop', true, 'tool_calls'],
    ['length', true, 'tool_calls'],
  ] as const)('%s (tool calls: %s) → %s', (reason, tools, expected) => {
    expect(toFinishReason(reason, tools)).toBe(expected);
  });
});

describe('fromOllamaToolCalls', () => {
  it('ignores entries without a function name and passes string arguments through', () => {
    const calls = fromOllamaToolCalls([
      null,
      { function: {} },
      { function: { name: '' } },
      { function: { name: 'raw', arguments: '{"a":1}' } },
      { function: { name: 'none' } },
    ]);
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['raw', '{"a":1}'],
      ['none', '{}'],
    ]);
    expect(fromOllamaToolCalls('nope')).toEqual([]);
  });

  it('synthesises distinct ids', () => {
    const calls = fromOllamaToolCalls([{ function: { name: 'a' } }, { function: { name: 'a' } }]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });
});

describe('toUsage', () => {
  it('ignores negative and non-numeric counts', () => {
    expect(toUsage({ prompt_eval_count: -3, eval_count: Number.NaN })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
    });
  });
});
