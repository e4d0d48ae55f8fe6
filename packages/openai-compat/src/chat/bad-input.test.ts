import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import fc from 'fast-check';
import { BadRequestError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { OpenAI } from '../client/openai-client.js';

async function client(): Promise<OpenAI> {
  const clock = new VirtualClock();
  const router = new ApiKeyRouter({ clock });
  await router.registerProvider(
    'openai',
    new FakeAdapter({ id: 'openai', clock, keys: { 'sk-bad-input-1': {} } }),
  );
  await router.registerKey('sk-bad-input-1', 'openai');
  return new OpenAI({ router });
}

describe('bad input to chat.completions.create', () => {
  it('refuses what it cannot honour with BadRequestError naming the parameter', async () => {
    const c = await client();
    const base = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    const cases: Array<[Partial<ChatCompletionCreateParamsNonStreaming> & { retries?: number }, string]> = [
      [{ n: 2 }, 'n'],
      [{ logprobs: true }, 'logprobs'],
      [{ retries: -1 }, 'retries'],
      [{ tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0]'],
      [
        {
          messages: [
            { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
          ],
        },
        'messages[0].content[0]',
      ],
    ];
    for (const [patch, param] of cases) {
      const error = await c.chat.completions
        .create({ ...base, ...patch } as ChatCompletionCreateParamsNonStreaming)
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(error, param).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).param, param).toBe(param);
    }
  });

  it('turns any malformed params into BadRequestError, never another error', async () => {
    const c = await client();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            model: fc.oneof(fc.string(), fc.anything()),
            messages: fc.oneof(
              fc.anything(),
              fc.array(
                fc.record({
                  role: fc.constantFrom('user', 'assistant', 'tool', 'system', 'x'),
                  content: fc.anything(),
                }),
              ),
            ),
            temperature: fc.anything(),
            tools: fc.anything(),
            tool_choice: fc.anything(),
            response_format: fc.anything(),
            stop: fc.anything(),
          },
          { requiredKeys: ['messages'] },
        ),
        async (params) => {
          try {
            await c.chat.completions.create(params as unknown as ChatCompletionCreateParamsNonStreaming);
          } catch (error) {
            expect(error).toBeInstanceOf(BadRequestError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
