import {
  geminiErrors,
  type LoopbackServer,
  routerErrorOf,
  sendJson,
  startLoopbackServer,
} from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCall, say } from './adapter-call.test-helpers.js';
import { GeminiAdapter } from './gemini-adapter.js';

const KEY = 'AIza-CANARY-http-0004';
type Reply = { status: number; body: unknown; headers?: Record<string, string>; raw?: string };
const replies: Reply[] = [];
let server: LoopbackServer;
let adapter: GeminiAdapter;

// Replays canned answers for the statuses the simulated provider never produces on its own.
beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    const reply = replies.shift() ?? { status: 500, body: geminiErrors.internal() };
    if (reply.raw !== undefined) {
      response.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers });
      response.end(reply.raw);
    } else {
      sendJson(response, reply.status, reply.body, reply.headers);
    }
  });
  adapter = new GeminiAdapter({ baseURL: server.url });
});
afterAll(() => server.close());

const table: Array<[string, Reply, Record<string, unknown>]> = [
  [
    '504 DEADLINE_EXCEEDED',
    { status: 504, body: geminiErrors.deadlineExceeded() },
    {
      category: 'timeout',
      code: 'upstream_timeout',
      upstreamCode: 'DEADLINE_EXCEEDED',
      keyEffect: 'failure',
    },
  ],
  [
    '401 UNAUTHENTICATED',
    { status: 401, body: geminiErrors.unauthenticated() },
    { category: 'authentication', keyEffect: 'invalidate' },
  ],
  [
    '400 location not supported',
    { status: 400, body: geminiErrors.locationNotSupported() },
    { category: 'permission', code: 'permission_denied', upstreamCode: 'FAILED_PRECONDITION' },
  ],
  [
    '502 HTML from a front end',
    { status: 502, body: undefined, raw: '<html><body>Bad Gateway</body></html>' },
    { category: 'provider', code: 'server_error', upstreamCode: undefined, status: 502 },
  ],
  [
    '429 with retry-after header (wins over RetryInfo)',
    { status: 429, body: geminiErrors.resourceExhausted(), headers: { 'retry-after': '7' } },
    { category: 'rate_limit', retryAfterMs: 7000, rateLimits: { dimensions: [], retryAfterMs: 7000 } },
  ],
  [
    '200 carrying an error body',
    {
      status: 200,
      body: { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } },
    },
    { category: 'provider', status: 200, code: 'overloaded', upstreamCode: 'UNAVAILABLE' },
  ],
  [
    'an error message that echoes the key',
    {
      status: 400,
      body: { error: { code: 400, message: `Key ${KEY} is malformed`, status: 'INVALID_ARGUMENT' } },
    },
    { category: 'validation', message: 'Gemini 400 INVALID_ARGUMENT: Key [redacted] is malformed' },
  ],
];

describe('GeminiAdapter over canned HTTP answers', () => {
  it.each(table)('%s', async (_name, reply, expected) => {
    replies.push(reply);
    const error = await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: KEY })));
    expect(error).toMatchObject({ providerId: 'gemini', ...expected });
    expect(`${error.message}${JSON.stringify(error.toJSON())}`).not.toContain(KEY);
  });

  it('keeps a proxy retry-after header on successful answers', async () => {
    replies.push({
      status: 200,
      body: { candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] },
      headers: { 'retry-after-ms': '250' },
    });
    const response = await adapter.execute(makeCall(say('x'), { apiKey: KEY }));
    expect(response.rateLimits).toEqual({ dimensions: [], retryAfterMs: 250 });
    expect(adapter.parseRateLimits(new Headers(), 0)).toEqual({ dimensions: [] });
  });

  it('rejects a non-JSON 200 body and a stream without a body', async () => {
    replies.push({ status: 200, body: undefined, raw: 'not json' });
    expect(await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: KEY })))).toMatchObject({
      category: 'provider',
      code: 'malformed_response',
    });
    replies.push({ status: 200, body: undefined, raw: '' });
    const stream = await adapter.stream(makeCall(say('x'), { apiKey: KEY }));
    const error = await routerErrorOf(
      (async () => {
        for await (const _part of stream.parts);
      })(),
    );
    expect(error).toMatchObject({ category: 'network', code: 'stream_truncated' });
  });
});
