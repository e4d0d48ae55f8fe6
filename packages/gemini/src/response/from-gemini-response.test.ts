import { describe, expect, it } from 'vitest';
import { blockedPromptReason, mapFinishReason } from './finish-reason.js';
import { fromGeminiResponse } from './from-gemini-response.js';
import { toUsage } from './to-usage.js';

describe('mapFinishReason', () => {
  const cases: Array<[string | undefined, boolean, string]> = [
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['LANGUAGE', false, 'other'],
    ['OTHER', false, 'other'],
    ['SOMETHING_NEW', false, 'other'],
    [undefined, false, 'other'],
    [undefined, true, 'tool_calls'],
  ];
  it.each(cases)('%s (tool calls: %s) → %s', (reason, toolCalls, expected) => {
    expect(mapFinishReason(reason, toolCalls)).toBe(expected);
  });

  it('treats any block reason as a content filter', () => {
    expect(blockedPromptReason('SAFETY')).toBe('content_filter');
    expect(blockedPromptReason('OTHER')).toBe('content_filter');
    expect(blockedPromptReason('BLOCK_REASON_UNSPECIFIED')).toBe('other');
  });
});

describe('toUsage', () => {
  it('counts thinking tokens as output and reports cached and reasoning tokens', () => {
    expect(
      toUsage({
        promptTokenCount: 100,
        cachedContentTokenCount: 60,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 30,
        toolUsePromptTokenCount: 5,
        totalTokenCount: 155,
      }),
    ).toEqual({
      inputTokens: 105,
      outputTokens: 50,
      totalTokens: 155,
      cachedInputTokens: 60,
      reasoningTokens: 30,
    });
  });

  it('reads missing or mistyped counts as zero', () => {
    expect(toUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(toUsage({ promptTokenCount: 'many', candidatesTokenCount: 3 })).toEqual({
      inputTokens: 0,
      outputTokens: 3,
      totalTokens: 3,
    });
  });
});

describe('fromGeminiResponse', () => {
  it('normalises text, usage, model and response id, keeping the raw body', () => {
    const body = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 'thinking…', thought: true }, { text: 'Hello ' }, { text: 'world' }],
          },
          finishReason: 'STOP',
          index: 0,
          safetyRatings: [],
          citationMetadata: { citationSources: [] },
        },
      ],
      usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 },
      modelVersion: 'gemini-2.0-flash-001',
      responseId: 'abc123',
      somethingNew: { nested: true },
    };
    const response = fromGeminiResponse(body, 'gemini-2.0-flash');
    expect(response).toEqual({
      message: { role: 'assistant', content: 'Hello world' },
      finishReason: 'stop',
      usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 },
      model: 'gemini-2.0-flash-001',
      providerRequestId: 'abc123',
      raw: body,
    });
  });

  it('turns function calls into tool calls with JSON-text arguments and stable ids', () => {
    const body = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
              { functionCall: { name: 'now' } },
              { executableCode: { code: 'print(1)' } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
    };
    const first = fromGeminiResponse(body);
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message.content).toBe('');
    expect(first.message.toolCalls).toEqual([
      {
        id: expect.stringMatching(/^call_0_[0-9a-z]+__thought__c2ln$/),
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      { id: expect.stringMatching(/^call_1_[0-9a-z]+$/), name: 'now', arguments: '{}' },
    ]);
    expect(fromGeminiResponse(structuredClone(body)).message.toolCalls).toEqual(first.message.toolCalls);
  });

  it('reports a blocked prompt as an empty content_filter answer', () => {
    const response = fromGeminiResponse(
      { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } },
      'm',
    );
    expect(response.message).toEqual({ role: 'assistant', content: '' });
    expect(response.finishReason).toBe('content_filter');
    expect(response.model).toBe('m');
  });

  it('reports a safety-stopped candidate without content', () => {
    expect(
      fromGeminiResponse({ candidates: [{ finishReason: 'SAFETY', safetyRatings: [] }] }).finishReason,
    ).toBe('content_filter');
  });

  it('tolerates an empty object and rejects non-objects', () => {
    expect(fromGeminiResponse({}).finishReason).toBe('other');
    for (const body of [null, [], 'text', 42]) {
      expect(() => fromGeminiResponse(body)).toThrow(
        expect.objectContaining({ category: 'provider', code: 'malformed_response' }),
      );
    }
  });
});
