import { inspect } from 'node:util';
import { VirtualClock } from '@apikeyrouter/core';
import type { RouterError } from '@apikeyrouter/provider';
import { routerErrorOf, sendJson, startLoopbackServer, startSse, writeSseEvent } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicAdapter } from './anthropic-adapter.js';
import { collect, makeCall } from './anthropic-adapter.test-helpers.js';

const CANARY = 'sk-ant-api03-CANARY-do-not-leak-7f3a9c';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A hostile provider that echoes whatever key it receives into every kind of answer. */
async function echoingProvider(): Promise<AnthropicAdapter> {
  const server = await startLoopbackServer((request, response) => {
    const key = String(request.headers['x-api-key']);
    const body = request.body as { stream?: boolean; max_tokens?: number };
    const echo = (type: string) => ({
      type: 'error',
      error: { type, message: `key ${key} rejected (${key})` },
    });
    if (body.max_tokens === 1)
      return sendJson(response, 401, echo('authentication_error'), { 'request-id': key });
    if (body.max_tokens === 2)
      return sendJson(response, 429, echo('rate_limit_error'), { 'retry-after': '1' });
    if (body.max_tokens === 3) return sendJson(response, 502, `<html>bad gateway for ${key}</html>`);
    if (body.stream) {
      startSse(response, { 'request-id': key });
      writeSseEvent(response, { type: 'message_start', message: { model: 'm', usage: {} } }, 'message_start');
      writeSseEvent(response, echo('overloaded_error'), 'error');
      response.end();
      return;
    }
    sendJson(
      response,
      200,
      { type: 'message', model: 'm', content: [{ type: 'text', text: 'ok' }], note: key },
      { 'request-id': key },
    );
  });
  closers.push(() => server.close());
  return new AnthropicAdapter({ baseURL: server.url });
}

function expectClean(error: RouterError): void {
  for (const text of [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 6 }),
  ]) {
    expect(text).not.toContain(CANARY);
  }
  expect(JSON.stringify(error.details ?? {})).not.toContain(CANARY);
  expect(JSON.stringify(error.rateLimits ?? {})).not.toContain(CANARY);
}

describe('the canary key never leaks', () => {
  it('is scrubbed from HTTP error messages of every shape', async () => {
    const adapter = await echoingProvider();
    const call = (maxTokens: number) =>
      makeCall({ parameters: { maxTokens } }, { apiKey: CANARY, clock: new VirtualClock() });
    const auth = await routerErrorOf(adapter.execute(call(1)));
    expect(auth.category).toBe('authentication');
    expect(auth.message).toContain('[redacted]');
    expectClean(auth);
    const limited = await routerErrorOf(adapter.execute(call(2)));
    expect(limited.category).toBe('rate_limit');
    expectClean(limited);
    const gateway = await routerErrorOf(adapter.stream(call(3)));
    expect(gateway).toMatchObject({ category: 'provider', status: 502 });
    expectClean(gateway);
  });

  it('is scrubbed from stream error events', async () => {
    const adapter = await echoingProvider();
    const stream = await adapter.stream(makeCall({}, { apiKey: CANARY }));
    expect(stream.providerRequestId).toBe('[redacted]');
    const { error } = await collect(stream.parts);
    expect([error?.code, error?.upstreamCode]).toEqual(['overloaded', 'overloaded_error']);
    expectClean(error as RouterError);
  });

  it('is scrubbed from a returned body that echoes it', async () => {
    const adapter = await echoingProvider();
    const response = await adapter.execute(makeCall({}, { apiKey: CANARY }));
    expect(response.message.content).toBe('ok');
    expect(JSON.stringify(response)).not.toContain(CANARY);
    expect(response.raw).toMatchObject({ note: '[redacted]' });
    expect(response.providerRequestId).toBe('[redacted]');
  });
});
