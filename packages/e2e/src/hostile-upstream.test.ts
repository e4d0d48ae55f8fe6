import { RouterError } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anthropic,
  ask,
  CANARY,
  type Hostile,
  hostile,
  keyViews,
  leaks,
  openai,
  routerWith,
} from './hostile-upstream.test-helpers.js';

const upstreams: Hostile[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

async function start(handler: Parameters<typeof hostile>[0]): Promise<Hostile> {
  const upstream = await hostile(handler);
  upstreams.push(upstream);
  return upstream;
}

async function failure(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise;
  } catch (error) {
    expect(RouterError.isInstance(error)).toBe(true);
    return error as RouterError;
  }
  throw new Error('expected the route to fail');
}

const chatOk = (model: string) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });

describe('a hostile upstream cannot leak the key through the router', () => {
  it('OpenAI error code echoing the key on a 429: error, key state reason, history, listKeys, snapshot, events', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { message: `slow down ${CANARY}`, type: CANARY, code: CANARY } }));
    });
    const observed = await routerWith(openai(upstream.url), 'openai');
    const error = await failure(observed.router.route(ask('gpt-4o-mini')));
    expect(observed.router.getKeyHistory(observed.keyId).length).toBeGreaterThan(0);
    expect(leaks(error, error.upstreamCode, error.message, error.explanation, ...keyViews(observed))).toEqual(
      [],
    );
    // The code is the kit's own; the upstream's (here the key) is kept apart, scrubbed.
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.upstreamCode).toBe('[redacted]');
  });

  it('Anthropic error.type echoing the key', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ type: 'error', error: { type: CANARY, message: `key ${CANARY} over limit` } }),
      );
    });
    const observed = await routerWith(anthropic(upstream.url), 'anthropic');
    const error = await failure(observed.router.route(ask('claude-3-5-haiku-latest')));
    expect(leaks(error, error.upstreamCode, error.message, ...keyViews(observed))).toEqual([]);
    expect([error.code, error.upstreamCode]).toEqual(['rate_limit_exceeded', '[redacted]']);
  });

  it('x-request-id and body model echoing the key on a 200: providerRequestId, model, requestCompleted', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': CANARY });
      res.end(chatOk(CANARY));
    });
    const observed = await routerWith(openai(upstream.url), 'openai');
    const response = await observed.router.route(ask('gpt-4o-mini'));
    expect(response.content).toBe('ok');
    expect(response.providerRequestId).toBe('[redacted]');
    expect(response.model).toBe('[redacted]');
    expect(leaks(response, String(response.explanation), ...keyViews(observed))).toEqual([]);
  });

  it('a 401 message holding api_key=<first 20 chars>: message, explanation, attempt event', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `Invalid api_key=${CANARY.slice(0, 20)} given`, code: 'invalid_api_key' },
        }),
      );
    });
    const observed = await routerWith(openai(upstream.url), 'openai');
    const error = await failure(observed.router.route(ask('gpt-4o-mini')));
    expect(error.category).toBe('authentication');
    expect(leaks(error, String(error.explanation), ...keyViews(observed))).toEqual([]);
  });

  it('a streamed finish part whose model is the key', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': CANARY });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: CANARY, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.end(`${chunk({ role: 'assistant', content: 'ok' }, null)}${chunk({}, 'stop')}data: [DONE]\n\n`);
    });
    const observed = await routerWith(openai(upstream.url), 'openai');
    const chunks: unknown[] = [];
    for await (const chunk of observed.router.routeStream(ask('gpt-4o-mini'))) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(leaks(chunks, ...keyViews(observed))).toEqual([]);
  });
});

describe('credentials never follow a redirect to another origin', () => {
  it.each([
    ['openai', openai],
    ['anthropic', anthropic],
  ] as const)(
    '%s: a 307 to another origin is refused and that origin receives nothing',
    async (providerId, make) => {
      const thief = await start((_req, res) => res.end('{}'));
      const upstream = await start((_req, res) => {
        res.writeHead(307, { location: `${thief.url.replace('127.0.0.1', 'localhost')}/steal` }).end();
      });
      const observed = await routerWith(make(upstream.url), providerId);
      const error = await failure(
        observed.router.route(ask(providerId === 'openai' ? 'gpt-4o-mini' : 'claude-3-5-haiku-latest')),
      );
      expect([error.category, error.code]).toEqual(['provider', 'redirect_refused']);
      expect(thief.received).toHaveLength(0);
    },
  );
});

describe('hostile sizes and times', () => {
  it('an endless 200 body ends as response_too_large, not unbounded memory', async () => {
    const upstream = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const block = Buffer.alloc(256 * 1024, 0x20);
      const pump = () => {
        while (res.write(block)) {}
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
    });
    const observed = await routerWith(
      new OpenAIAdapter({ baseURL: `${upstream.url}/v1`, limits: { maxResponseBytes: 4 * 1024 * 1024 } }),
      'openai',
    );
    const error = await failure(observed.router.route(ask('gpt-4o-mini')));
    expect([error.category, error.code]).toEqual(['provider', 'response_too_large']);
  });

  it('retry-after: 1e13 cannot poison routing: later explain() and route() of another key still work', async () => {
    let calls = 0;
    const upstream = await start((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1e13' });
        res.end(JSON.stringify({ error: { message: 'slow', code: 'rate_limit_exceeded' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(chatOk('gpt-4o-mini'));
    });
    const observed = await routerWith(openai(upstream.url), 'openai');
    await observed.router.registerKey('sk-second-healthy-key-000000', 'openai');
    await failure(observed.router.route(ask('gpt-4o-mini'), undefined, { maxAttempts: 1 }));
    expect(observed.router.listKeys().map((key) => key.state)).toContain('throttled');
    expect(JSON.parse(JSON.stringify(observed.router.snapshot()))).toBeTruthy();
    expect(String(observed.router.explain(ask('gpt-4o-mini')))).toBeTypeOf('string');
    const response = await observed.router.route(ask('gpt-4o-mini'));
    expect(response.content).toBe('ok');
  });
});
