import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import {
  type FakeProvider,
  type FaultSpec,
  startFakeProvider,
  startOpenAIFakeServer,
} from '@apikeyrouter/testkit';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAI } from '../client/openai-client.js';
import type { RouterErrorFields } from './to-openai-error.js';

const CANARY = 'sk-errors-CANARY-b71d0e4f92';
const messages = [{ role: 'user' as const, content: 'Hello there' }];
let fake: FakeProvider | undefined;

async function clientWith(
  faults: FaultSpec[],
  options: { key?: string; maxRetries?: number; timeout?: number; baseURL?: string } = {},
): Promise<{ client: OpenAI; router: ApiKeyRouter }> {
  fake = await startFakeProvider({ flavor: 'openai', keys: { [CANARY]: { rpm: 1_000 } }, faults });
  const router = new ApiKeyRouter();
  await router.registerProvider(
    'openai',
    new OpenAIAdapter({ baseURL: options.baseURL ?? `${fake.url}/v1` }),
  );
  await router.registerKey(options.key ?? CANARY, 'openai');
  const client = new OpenAI({
    router,
    maxRetries: options.maxRetries ?? 0,
    ...(options.timeout ? { timeout: options.timeout } : {}),
  });
  return { client, router };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** Everything a caller could print or serialise about an error. */
function everythingAbout(error: Error & Record<string, unknown>): string {
  const headers = error.headers instanceof Headers ? [...error.headers.entries()] : [];
  const info = error.apikeyrouter as { explanation?: { toJSON(): unknown } } | undefined;
  return [
    String(error),
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(error.error ?? null),
    JSON.stringify(headers),
    String(info?.explanation),
    JSON.stringify(info?.explanation?.toJSON() ?? null),
  ].join('\n');
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('errors thrown by the drop-in client', () => {
  it('a 429 is the SDK RateLimitError with status, retry-after and the explanation', async () => {
    const { client } = await clientWith([{ kind: 'rate_limit', times: Infinity, delayMs: 30_000 }]);
    const error = await failure(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect((error.headers as Headers).get('retry-after')).toBe('30');
    const info = error.apikeyrouter as RouterErrorFields;
    expect(info.category).toBe('rate_limit');
    expect([error.code, info.upstreamCode]).toEqual(['rate_limit_exceeded', 'rate_limit_exceeded']);
    expect(String(info.explanation)).toContain('gpt-4o-mini');
    expect(info.keyId).toMatch(/^openai_/);
    expect(everythingAbout(error)).not.toContain(CANARY);
  });

  it('an unknown key is AuthenticationError; a 403 is PermissionDeniedError', async () => {
    const auth = await clientWith([], { key: 'sk-unknown-CANARY-0000000000' });
    const error = await failure(auth.client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(everythingAbout(error)).not.toContain('sk-unknown-CANARY-0000000000');
    await fake?.close();
    const forbidden = await clientWith([{ kind: 'forbidden', times: Infinity }]);
    const denied = await failure(
      forbidden.client.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(everythingAbout(denied)).not.toContain(CANARY);
  });

  it('a key echoed back in full by the upstream never reaches the caller', async () => {
    const echoing = await startOpenAIFakeServer({ keys: {}, echoKey: 'full' });
    try {
      const router = new ApiKeyRouter();
      await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${echoing.url}/v1` }));
      await router.registerKey(CANARY, 'openai');
      const client = new OpenAI({ router, maxRetries: 0 });
      const error = await failure(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(everythingAbout(error)).not.toContain(CANARY);
      const stream = await failure(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
      );
      expect(everythingAbout(stream)).not.toContain(CANARY);
    } finally {
      await echoing.close();
    }
  });

  it('a 500 is InternalServerError; a model the provider lacks is NotFoundError', async () => {
    const { client } = await clientWith([{ kind: 'server_error', times: 1 }]);
    const error = await failure(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(500);
    fake?.faults.add({ kind: 'not_found', times: 1 });
    const missing = await failure(client.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(everythingAbout(error) + everythingAbout(missing)).not.toContain(CANARY);
  });

  it('an unreachable provider is APIConnectionError; a passed deadline is APIConnectionTimeoutError', async () => {
    const probe = await startFakeProvider({ flavor: 'openai', keys: {} });
    const closedURL = `${probe.url}/v1`;
    await probe.close();
    const down = await clientWith([], { baseURL: closedURL });
    const error = await failure(down.client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    await fake?.close();
    const hung = await clientWith([{ kind: 'timeout', times: 1 }], { timeout: 300 });
    const late = await failure(hung.client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(late).toBeInstanceOf(APIConnectionTimeoutError);
    expect(everythingAbout(error) + everythingAbout(late)).not.toContain(CANARY);
  });

  it('an aborted call is APIUserAbortError', async () => {
    const { client } = await clientWith([{ kind: 'timeout', times: 1 }]);
    const controller = new AbortController();
    const pending = client.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toBeInstanceOf(APIUserAbortError);
    const already = await failure(
      client.chat.completions.create(
        { model: 'gpt-4o-mini', messages, stream: true },
        { signal: controller.signal },
      ),
    );
    expect(already).toBeInstanceOf(APIUserAbortError);
  });

  it('a hard budget refusal is a 429 with code budget_exceeded', async () => {
    const { client, router } = await clientWith([]);
    await router.costController.createBudget({
      scope: 'global',
      limit: '0.0000001',
      period: 'day',
      enforcementMode: 'hard',
    });
    const error = await failure(client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe('budget_exceeded');
    expect((error.apikeyrouter as { category: string }).category).toBe('budget_exceeded');
  });
});
