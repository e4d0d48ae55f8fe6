import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { toFinishReason } from './anthropic-finish-reason.js';
import { toUsage } from './anthropic-usage.js';
import { fromAnthropicResponse } from './from-anthropic-response.js';

const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-5-5-20261001',
  content: [
    { type: 'thinking', thinking: 'hmm', signature: 'sig' },
    { type: 'text', text: 'Let me check. ', citations: null },
    { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
    { type: 'text', text: 'Done.' },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 20, brand_new_counter: 3 },
  container: { id: 'unknown-field' },
};

describe('fromAnthropicResponse', () => {
  it('joins text, maps tool_use to JSON-text tool calls and keeps the raw body', () => {
    const response = fromAnthropicResponse(message);
    expect(response.message).toEqual({
      role: 'assistant',
      content: 'Let me check. Done.',
      toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
    });
    expect(response.finishReason).toBe('tool_calls');
    expect(response.model).toBe('claude-sonnet-5-5-20261001');
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 20, totalTokens: 30 });
    expect(response.raw).toBe(message);
  });

  it('turns the JSON answer tool into content and a normal stop', () => {
    const body = {
      ...message,
      content: [{ type: 'tool_use', id: 'toolu_2', name: 'person', input: { name: 'Ada' } }],
    };
    const response = fromAnthropicResponse(body, { responseToolName: 'person' });
    expect(response.message).toEqual({ role: 'assistant', content: '{"name":"Ada"}' });
    expect(response.finishReason).toBe('stop');
    const mixed = fromAnthropicResponse(message, { responseToolName: 'person' });
    expect(mixed.message.content).toBe('');
    expect(mixed.finishReason).toBe('tool_calls');
  });

  it('tolerates missing usage, model and odd blocks', () => {
    const response = fromAnthropicResponse({ content: [null, 'x', { type: 'text' }] });
    expect(response.message).toEqual({ role: 'assistant', content: '' });
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(response.finishReason).toBe('other');
    expect(response.model).toBe('');
  });

  it('throws a provider error for bodies that are not messages', () => {
    for (const body of [null, 'text', [], { type: 'message' }, { content: 'nope' }]) {
      let caught: unknown;
      try {
        fromAnthropicResponse(body, { providerId: 'anthropic-eu' });
      } catch (error) {
        caught = error;
      }
      expect(RouterError.isInstance(caught)).toBe(true);
      expect((caught as RouterError).category).toBe('provider');
      expect((caught as RouterError).code).toBe('malformed_response');
      expect((caught as RouterError).providerId).toBe('anthropic-eu');
    }
  });
});

describe('toUsage', () => {
  it('adds cache reads and writes to inputTokens and reports them separately', () => {
    expect(
      toUsage({
        input_tokens: 5,
        cache_creation_input_tokens: 1000,
        cache_read_input_tokens: 2000,
        output_tokens: 7,
        output_tokens_details: { thinking_tokens: 3 },
      }),
    ).toEqual({
      inputTokens: 3005,
      outputTokens: 7,
      totalTokens: 3012,
      cachedInputTokens: 2000,
      cacheCreationInputTokens: 1000,
      reasoningTokens: 3,
    });
  });

  it('treats null, negative and non-finite counters as zero', () => {
    expect(toUsage({ input_tokens: null, output_tokens: -1, cache_read_input_tokens: Number.NaN })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cachedInputTokens: 0,
    });
    expect(toUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });
});

describe('toFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
    ['something_new', 'other'],
    [null, 'other'],
  ] as const)('%s → %s', (stopReason, expected) => {
    expect(toFinishReason(stopReason)).toBe(expected);
  });
});
