import type { ServerResponse } from 'node:http';
import { VirtualClock } from '@apikeyrouter/core';
import {
  type OllamaFakeProvider,
  routerErrorOf,
  startLoopbackServer,
  startNdjson,
  startOllamaFakeServer,
  writeNdjsonLine,
} from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaAdapter } from './ollama-adapter.js';
import { chatCall, until } from './ollama-adapter.test-helpers.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const long = { messages: [{ role: 'user' as const, content: 'a message long enough for several lines' }] };

describe('OllamaAdapter: aborts and timeouts', () => {
  it('a caller abort mid-request → aborted', async () => {
    fake = await startOllamaFakeServer({ faults: [{ kind: 'timeout' }] });
    const adapter = new OllamaAdapter({ baseURL: fake.url });
    const controller = new AbortController();
    const outcome = routerErrorOf(adapter.execute(chatCall({}, { signal: controller.signal })));
    await until(() => fake?.received().length === 1);
    controller.abort();
    expect((await outcome).category).toBe('aborted');
  });

  it('an already aborted signal → aborted without a request', async () => {
    fake = await startOllamaFakeServer();
    const adapter = new OllamaAdapter({ baseURL: fake.url });
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    expect((await routerErrorOf(adapter.stream(chatCall({}, { signal: controller.signal })))).category).toBe(
      'aborted',
    );
    expect(fake.received()).toHaveLength(0);
  });

  it('a caller abort mid-stream → aborted from the iterator', async () => {
    fake = await startOllamaFakeServer({ clock: new VirtualClock(), streamLineDelayMs: 1000 });
    const adapter = new OllamaAdapter({ baseURL: fake.url });
    const controller = new AbortController();
    const stream = await adapter.stream(chatCall(long, { signal: controller.signal }));
    const iterator = stream.parts[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    controller.abort();
    expect((await routerErrorOf(iterator.next())).category).toBe('aborted');
  });

  it('no answer within timeoutMs on the call clock → timeout', async () => {
    fake = await startOllamaFakeServer({ faults: [{ kind: 'timeout' }] });
    const adapter = new OllamaAdapter({ baseURL: fake.url, timeoutMs: 30_000 });
    const clock = new VirtualClock();
    const outcome = routerErrorOf(adapter.execute(chatCall({}, { clock })));
    await until(() => fake?.received().length === 1);
    await clock.advance(30_000);
    const error = await outcome;
    expect([error.category, error.keyEffect, error.retryable]).toEqual(['timeout', 'failure', true]);
  });

  it('a stalled stream past timeoutMs → timeout from the iterator', async () => {
    fake = await startOllamaFakeServer({ clock: new VirtualClock(), streamLineDelayMs: 1000 });
    const adapter = new OllamaAdapter({ baseURL: fake.url, timeoutMs: 5_000 });
    const clock = new VirtualClock();
    const stream = await adapter.stream(chatCall(long, { clock }));
    const iterator = stream.parts[Symbol.asyncIterator]();
    await iterator.next();
    await clock.advance(5_000);
    expect((await routerErrorOf(iterator.next())).category).toBe('timeout');
  });

  it('a finished call leaves no timer behind', async () => {
    fake = await startOllamaFakeServer();
    const adapter = new OllamaAdapter({ baseURL: fake.url, timeoutMs: 5_000 });
    const clock = new VirtualClock();
    await adapter.execute(chatCall({}, { clock }));
    const stream = await adapter.stream(chatCall({}, { clock }));
    for await (const _ of stream.parts) {
      // drain
    }
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('OllamaAdapter: connections', () => {
  it('connection refused → network', async () => {
    const server = await startLoopbackServer(() => undefined);
    const url = server.url;
    await server.close();
    const adapter = new OllamaAdapter({ baseURL: url });
    const error = await routerErrorOf(adapter.execute(chatCall()));
    expect([error.category, error.code, error.keyEffect]).toEqual([
      'network',
      'connection_refused',
      'failure',
    ]);
  });

  it('closing the stream early cancels the HTTP body', async () => {
    let closed: () => void = () => undefined;
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    let open: ServerResponse | undefined;
    const server = await startLoopbackServer((_req, res) => {
      open = res;
      res.on('close', () => closed());
      startNdjson(res);
      writeNdjsonLine(res, { model: 'm', message: { role: 'assistant', content: 'first' }, done: false });
      // The rest never comes: only a client cancel ends this response.
    });
    const adapter = new OllamaAdapter({ baseURL: server.url, timeoutMs: 60_000 });
    const clock = new VirtualClock();
    const stream = await adapter.stream(chatCall({}, { clock }));
    for await (const part of stream.parts) {
      expect(part).toEqual({ type: 'text-delta', text: 'first' });
      break;
    }
    await serverSawClose;
    expect(open?.writableEnded).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    await server.close();
  });
});

describe('OllamaAdapter: key material never leaks', () => {
  const canary = 'sk-canary-5f1e2d3c4b5a69788796';

  it('scrubs a key echoed by a proxy in HTTP errors and stream error lines', async () => {
    const server = await startLoopbackServer((req, res) => {
      const key = String(req.headers.authorization ?? '').replace('Bearer ', '');
      const masked = `${key.slice(0, 6)}****${key.slice(-4)}`;
      if ((req.body as { stream?: boolean }).stream) {
        startNdjson(res);
        writeNdjsonLine(res, { error: `key ${key} (${masked}) lost its session` });
        res.end();
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `invalid api key ${key} (${masked})` }));
    });
    const adapter = new OllamaAdapter({ baseURL: server.url });
    const plain = await routerErrorOf(adapter.execute(chatCall({}, { apiKey: canary })));
    const stream = await adapter.stream(chatCall({}, { apiKey: canary }));
    const inStream = await routerErrorOf(
      (async () => {
        for await (const _ of stream.parts) {
          // drain
        }
      })(),
    );
    await server.close();
    expect(plain.category).toBe('authentication');
    for (const error of [plain, inStream]) {
      const everything = `${error.message} ${String(error)} ${JSON.stringify(error)} ${error.stack ?? ''}`;
      expect(everything).not.toContain(canary);
      expect(everything).not.toContain('sk-can****8796');
      expect(error.message).toContain('[redacted]');
    }
  });

  it('never puts the key in successful responses', async () => {
    fake = await startOllamaFakeServer({ keys: { [canary]: {} } });
    const adapter = new OllamaAdapter({ baseURL: fake.url });
    const res = await adapter.execute(chatCall({}, { apiKey: canary }));
    expect(JSON.stringify(res)).not.toContain(canary);
    expect(JSON.stringify(fake.received())).not.toContain(canary);
  });
});
