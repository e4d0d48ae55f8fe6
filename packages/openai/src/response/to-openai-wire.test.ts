import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFinishReason } from './openai-finish-reason.js';
import { toUsage } from './openai-usage.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './to-openai-wire.js';

describe('router → OpenAI wire', () => {
  it('maps finish reasons OpenAI knows as they are, and error/other to stop', () => {
    for (const reason of ['stop', 'length', 'tool_calls', 'content_filter'] as const) {
      expect(toOpenAIFinishReason(reason)).toBe(reason);
      expect(toFinishReason(toOpenAIFinishReason(reason))).toBe(reason);
    }
    expect(toOpenAIFinishReason('error')).toBe('stop');
    expect(toOpenAIFinishReason('other')).toBe('stop');
  });

  it('puts cached and reasoning tokens in the details only when known', () => {
    expect(toOpenAIUsage({ inputTokens: 3, outputTokens: 5, totalTokens: 8 })).toEqual({
      prompt_tokens: 3,
      completion_tokens: 5,
      total_tokens: 8,
    });
    expect(
      toOpenAIUsage({
        inputTokens: 10,
        outputTokens: 4,
        totalTokens: 14,
        cachedInputTokens: 0,
        reasoningTokens: 2,
      }),
    ).toEqual({
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('round-trips any usage through the wire and back', () => {
    const count = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(count, count, fc.option(count, { nil: undefined }), (input, output, cached) => {
        const usage = {
          inputTokens: input,
          outputTokens: output,
          totalTokens: input + output,
          ...(cached === undefined ? {} : { cachedInputTokens: Math.min(cached, input) }),
        };
        expect(toUsage(toOpenAIUsage(usage))).toEqual(usage);
      }),
    );
  });
});
