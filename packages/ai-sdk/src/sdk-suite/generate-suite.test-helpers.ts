import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiKeyRouter } from '../provider/create-api-key-router.js';
import { leaked, useSimulated } from '../test-setup.test-helpers.js';
import { type AiSdk, rejection } from './ai-sdk-surface.test-helpers.js';

/**
 * generateText, tools, generateObject, fallback and embeddings through the provider, driven by one `ai`
 * major version. Each version's test file calls it once, so ai@6 and ai@7 run the same assertions.
 *
 * @example
 * describeGenerate({ label: 'ai@6', ...ai });
 */
export function describeGenerate(ai: AiSdk): void {
  const sim = useSimulated('file');

  describe(`the AI SDK provider with ${ai.label}`, () => {
    it('generateText: text, exact usage and finish reason, providerMetadata.apikeyrouter', async () => {
      const akr = createApiKeyRouter({ router: sim().router, objective: 'cost' });
      const prompt = `Hello from ${ai.label}`;
      const result = await ai.generateText({ model: akr('gpt-4o-mini'), prompt });
      expect(result.text).toBe(`echo: ${prompt}`);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.totalTokens).toBe(
        (result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0),
      );
      expect(result.usage.inputTokenDetails.noCacheTokens).toBe(result.usage.inputTokens);
      expect(result.response.modelId).toBe('openai/gpt-4o-mini');
      const meta = result.providerMetadata?.apikeyrouter as Record<string, unknown>;
      expect(meta).toMatchObject({
        providerId: 'openai',
        model: 'gpt-4o-mini',
        attempts: 1,
        costKnown: true,
      });
      expect(meta.keyId).toMatch(/^openai_/);
      expect(Number(meta.cost)).toBeGreaterThan(0);
      expect(String(meta.explanation)).toContain('cost');
      expect(leaked(result)).toEqual([]);
    });

    it('maps reasoning tokens into the output details', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const result = await ai.generateText({ model: akr('o3-mini'), prompt: 'Think briefly' });
      expect(result.usage.outputTokenDetails.reasoningTokens).toBe(8);
      expect(result.usage.outputTokenDetails.textTokens).toBe((result.usage.outputTokens ?? 0) - 8);
    });

    it('runs a tool round trip across two steps', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const calls: unknown[] = [];
      const result = await ai.generateText({
        model: akr('gpt-4o-mini'),
        prompt: 'Please use get_weather for Paris',
        tools: {
          get_weather: ai.tool({
            description: 'Weather for a city',
            inputSchema: ai.jsonSchema<{ text: string }>({
              type: 'object',
              properties: { text: { type: 'string' } },
            }),
            execute: async (input) => {
              calls.push(input);
              return { tempC: 21 };
            },
          }),
        },
        stopWhen: ai.stepCountIs(3),
      });
      expect(calls).toEqual([{ text: 'Please use get_weather for Paris' }]);
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]?.finishReason).toBe('tool-calls');
      expect(result.steps[0]?.toolCalls[0]?.toolName).toBe('get_weather');
      expect(result.text).toBe('echo: {"tempC":21}');
      expect(result.finishReason).toBe('stop');
      expect(leaked(result.steps)).toEqual([]);
    });

    it('generateObject: a JSON-schema answer parsed into the object', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const { object } = await ai.generateObject({
        model: akr('gpt-4o-mini'),
        schema: z.object({ echo: z.string() }),
        prompt: 'Give me JSON',
      });
      expect(object.echo).toContain('Give me JSON');
    });

    it('falls back to another provider through fallbackModels and says so in the metadata', async () => {
      const akr = createApiKeyRouter({
        router: sim().router,
        fallbackModels: ['anthropic/claude-3-5-haiku-latest'],
      });
      sim().openai.faults.add({ kind: 'server_error', times: 4, stream: false });
      const result = await ai.generateText({
        model: akr('gpt-4o'),
        prompt: 'Fallback please',
        maxRetries: 0,
      });
      sim().openai.faults.clear();
      expect(result.text).toContain('Fallback please');
      expect(result.providerMetadata?.apikeyrouter?.providerId).toBe('anthropic');
      expect(result.response.modelId).toBe('anthropic/claude-3-5-haiku-latest');
      expect(leaked(result)).toEqual([]);
    });

    it('embed and embedMany through embeddingModel and textEmbeddingModel', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const one = await ai.embed({ model: akr.embeddingModel('text-embedding-3-small'), value: 'alpha' });
      const many = await ai.embedMany({
        model: akr.textEmbeddingModel('text-embedding-3-small'),
        values: ['alpha', 'beta'],
      });
      expect(one.embedding).toHaveLength(8);
      expect(many.embeddings[0]).toEqual(one.embedding);
      expect(many.embeddings[1]).not.toEqual(one.embedding);
      expect(many.usage.tokens).toBeGreaterThan(0);
      expect(many.providerMetadata?.apikeyrouter?.providerId).toBe('openai');
      expect(leaked([one, many])).toEqual([]);
      expect(akr.embeddingModel('x').modelId).toBe('x');
      expect(() => akr.imageModel('dall-e-3')).toThrow(/no image models/);
    });

    it(`an embedding failure reaches ${ai.label} as its APICallError`, async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const error = await rejection(
        ai.embed({ model: akr.embeddingModel('nobody/embeds-this'), value: 'x', maxRetries: 0 }),
      );
      expect(ai.APICallError.isInstance(error)).toBe(true);
      expect((error as InstanceType<AiSdk['APICallError']>).statusCode).toBe(503);
      expect(leaked(error)).toEqual([]);
    });
  });
}
