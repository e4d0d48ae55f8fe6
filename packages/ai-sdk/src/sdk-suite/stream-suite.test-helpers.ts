import { describe, expect, it } from 'vitest';
import { createApiKeyRouter } from '../provider/create-api-key-router.js';
import { leaked, useSimulated } from '../test-setup.test-helpers.js';
import { type AiSdk, rejection } from './ai-sdk-surface.test-helpers.js';

type APICallError = InstanceType<AiSdk['APICallError']>;

/**
 * streamText, abort and the mapping of router failures to `APICallError`, driven by one `ai` major version
 * (a fresh simulated router per test, since these tests add faults and exhaust keys).
 *
 * @example
 * describeStreamAndErrors({ label: 'ai@6', ...ai });
 */
export function describeStreamAndErrors(ai: AiSdk): void {
  const sim = useSimulated('test');

  describe(`streaming and failures with ${ai.label}`, () => {
    it('streamText: deltas, then usage, finish reason and metadata; no key in any stream part', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const result = ai.streamText({ model: akr('gpt-4o-mini'), prompt: 'Stream me something' });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe('echo: Stream me something');
      expect(await result.finishReason).toBe('stop');
      const usage = await result.usage;
      expect(usage.totalTokens).toBe((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
      expect(usage.outputTokens).toBeGreaterThan(0);
      expect((await result.providerMetadata)?.apikeyrouter?.providerId).toBe('openai');
      expect((await result.response).modelId).toBe('openai/gpt-4o-mini');
      const parts: unknown[] = [];
      for await (const part of ai.streamText({ model: akr('gpt-4o-mini'), prompt: 'again' }).fullStream)
        parts.push(part);
      expect(parts.length).toBeGreaterThan(3);
      expect(leaked(parts)).toEqual([]);
    });

    it('streamText fails over to the other key before the first token', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      sim().openai.faults.add({ kind: 'server_error', stream: true, times: 1 });
      const result = ai.streamText({ model: akr('gpt-4o-mini'), prompt: 'Recover please', maxRetries: 0 });
      expect(await result.text).toBe('echo: Recover please');
      const meta = (await result.providerMetadata)?.apikeyrouter;
      expect(meta?.attempts).toBe(2);
      expect(leaked(meta)).toEqual([]);
    });

    it('streamText streams tool calls with their parsed input', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const tools = ai.streamText({
        model: akr('gpt-4o-mini'),
        prompt: 'call lookup now',
        tools: { lookup: ai.tool({ inputSchema: ai.jsonSchema<{ text: string }>({ type: 'object' }) }) },
      });
      const calls = await tools.toolCalls;
      expect(calls[0]?.toolName).toBe('lookup');
      expect(calls[0]?.input).toEqual({ text: 'call lookup now' });
      expect(await tools.finishReason).toBe('tool-calls');
    });

    it('propagates the abort signal: the call ends with an AbortError after one provider call', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      sim().openai.faults.add({ kind: 'timeout', times: 1 });
      const attempts: string[] = [];
      sim().router.on('attempt', (event) => attempts.push(event.attempt.category ?? event.attempt.outcome));
      const controller = new AbortController();
      const pending = ai.generateText({
        model: akr('gpt-4o-mini'),
        prompt: 'hang',
        abortSignal: controller.signal,
      });
      setTimeout(() => controller.abort(), 50);
      const error = (await rejection(pending)) as Error;
      expect(error.name).toBe('AbortError');
      // One provider call, ended by the abort: no SDK retry, no router failover.
      expect(attempts).toEqual(['aborted']);
    });

    it('maps router failures to APICallError, not retryable once the router has retried', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      sim().openai.faults.add({ kind: 'rate_limit', times: Infinity, delayMs: 60_000 });
      const attempts: string[] = [];
      sim().router.on('attempt', (event) => attempts.push(event.attempt.outcome));
      const error = await rejection(
        ai.generateText({
          model: akr('gpt-4o-mini'),
          prompt: 'limited',
          providerOptions: { apikeyrouter: { maxAttempts: 2 } },
        }),
      );
      const cause = (error as { lastError?: unknown }).lastError ?? error;
      expect(ai.APICallError.isInstance(cause)).toBe(true);
      const apiError = cause as APICallError;
      expect(apiError.isRetryable).toBe(false);
      // The SDK's own retry loop honoured isRetryable: false, so only the router's two attempts were made.
      expect(attempts).toHaveLength(2);
      expect(apiError.statusCode).toBe(429);
      expect(apiError.responseHeaders?.['retry-after']).toBe('60');
      expect(apiError.data).toMatchObject({
        category: 'rate_limit',
        code: 'rate_limit_exceeded',
        upstreamCode: 'rate_limit_exceeded',
        attempts: 2,
        providerId: 'openai',
      });
      expect(String((apiError.data as { explanation: string }).explanation)).toContain('gpt-4o-mini');
      expect(leaked(error)).toEqual([]);
      expect(leaked(String(error))).toEqual([]);
    });

    it('a stream that cannot start rejects with APICallError and leaks no key', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      sim().openai.faults.add({ kind: 'unauthorized', times: Infinity, stream: true });
      const errors: unknown[] = [];
      const result = ai.streamText({
        model: akr('gpt-4o-mini'),
        prompt: 'no keys work',
        maxRetries: 0,
        onError: ({ error }) => {
          errors.push(error);
        },
      });
      const parts: unknown[] = [];
      for await (const part of result.fullStream) parts.push(part);
      const failure = errors[0] ?? parts.find((p) => (p as { type: string }).type === 'error');
      expect(failure).toBeDefined();
      const error = (failure as { error?: unknown }).error ?? failure;
      expect(ai.APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).statusCode).toBe(401);
      expect(leaked(parts)).toEqual([]);
      expect(leaked(errors)).toEqual([]);
    });

    it('is retryable only when the router made no call and says a later try can work', async () => {
      const akr = createApiKeyRouter({ router: sim().router });
      const error = await rejection(
        ai.generateText({ model: akr('nobody/serves-this'), prompt: 'x', maxRetries: 0 }),
      );
      expect(ai.APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).isRetryable).toBe(false);
      expect((error as APICallError).statusCode).toBe(503);
      sim().openai.faults.add({ kind: 'rate_limit', times: 2, delayMs: 60_000 });
      await rejection(
        ai.generateText({
          model: akr('gpt-4o-mini'),
          prompt: 'x',
          maxRetries: 0,
          providerOptions: { apikeyrouter: { maxAttempts: 2 } },
        }),
      );
      const later = await rejection(
        ai.generateText({
          model: akr('gpt-4o-mini'),
          prompt: 'x',
          maxRetries: 0,
          providerOptions: { apikeyrouter: { deadlineMs: 1_000 } },
        }),
      );
      expect(ai.APICallError.isInstance(later)).toBe(true);
      expect((later as APICallError).data).toMatchObject({ category: 'no_eligible_keys', attempts: 0 });
      expect((later as APICallError).isRetryable).toBe(true);
      expect(Number((later as APICallError).responseHeaders?.['retry-after'])).toBeGreaterThan(50);
    });
  });
}
