import { AISDKError, type LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApiKeyRouter } from '../provider/create-api-key-router.js';

describe('malformed calls to the language model', () => {
  it('end in an AI SDK error (APICallError, InvalidPromptError, …), never a TypeError', async () => {
    const clock = new VirtualClock();
    const router = new ApiKeyRouter({ clock });
    await router.registerProvider(
      'openai',
      new FakeAdapter({ id: 'openai', clock, keys: { 'sk-fc-key-0001': {} } }),
    );
    await router.registerKey('sk-fc-key-0001', 'openai');
    const model = createApiKeyRouter({ router })('gpt-4o-mini');
    const message = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'other'),
      content: fc.oneof(
        fc.string(),
        fc.anything(),
        fc.array(
          fc.record({
            type: fc.constantFrom('text', 'file', 'tool-call', 'tool-result', 'x'),
            text: fc.anything(),
          }),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          prompt: fc.oneof(fc.array(message), fc.anything()),
          temperature: fc.anything(),
          maxOutputTokens: fc.anything(),
          providerOptions: fc.oneof(fc.constant(undefined), fc.record({ apikeyrouter: fc.anything() })),
        }),
        async (options) => {
          const input = options as unknown as LanguageModelV3CallOptions;
          await model.doGenerate(input).catch((error: unknown) => {
            expect(AISDKError.isInstance(error), String(error)).toBe(true);
          });
          const streamed = await model.doStream(input).catch((error: unknown) => {
            expect(AISDKError.isInstance(error), String(error)).toBe(true);
          });
          await streamed?.stream.cancel();
        },
      ),
      { numRuns: 100 },
    );
  });
});
