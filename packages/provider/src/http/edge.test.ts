import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.test-helpers.js';
import { readStream } from '../stream/read-stream.js';
import { createCallSignal } from './call-signal.js';
import { caught, useLoopbacks } from './loopback.test-helpers.js';
import { readBodyText } from './read-body.js';
import { sendHttp } from './send-http.js';

const serve = useLoopbacks();

function request(url: string, clock = new ManualClock()) {
  const parent = new AbortController();
  const callSignal = createCallSignal(parent.signal, { timeoutMs: 60_000, idleTimeoutMs: 1000 }, clock);
  return {
    providerId: 'p',
    fetch,
    url,
    method: 'POST' as const,
    headers: { 'x-api-key': 'sk-canary-0123456789', 'content-type': 'application/json' },
    body: '{}',
    callSignal,
    parentSignal: parent.signal,
  };
}

describe('sendHttp redirects', () => {
  it('refuses a redirect to another origin, which never sees the credential', async () => {
    const other = await serve((_req, res) => res.end('{}'));
    const origin = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url.replace('127.0.0.1', 'localhost')}/steal` }).end();
    });
    const error = await caught(sendHttp(request(`${origin.url}/v1/x`)));
    expect([error.category, error.code]).toEqual(['provider', 'redirect_refused']);
    expect(other.requests).toHaveLength(0);
  });

  it('follows a same-origin redirect with the same method and body, a bounded number of times', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(308, { location: '/new' }).end();
      else if (req.url === '/loop') res.writeHead(307, { location: '/loop' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const response = await sendHttp(request(`${server.url}/old`));
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => [r.url, r.method])).toEqual([
      ['/old', 'POST'],
      ['/new', 'POST'],
    ]);
    const loop = await caught(sendHttp(request(`${server.url}/loop`)));
    expect(loop.code).toBe('too_many_redirects');
  });

  it('maps a refused connection to network / connection_refused', async () => {
    const server = await serve((_req, res) => res.end());
    const url = server.url;
    await server.close();
    const error = await caught(sendHttp(request(url)));
    expect([error.category, error.code]).toEqual(['network', 'connection_refused']);
  });
});

describe('size caps', () => {
  it('stops an endless body at the cap with response_too_large', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (res.write(chunk)) {}
        res.once('drain', pump);
      };
      pump();
    });
    const req = request(server.url);
    const response = await sendHttp(req);
    const error = await caught(
      readBodyText(response, {
        providerId: 'p',
        callSignal: req.callSignal,
        parentSignal: req.parentSignal,
        maxBytes: 1 << 20,
      }),
    );
    expect([error.category, error.code]).toEqual(['provider', 'response_too_large']);
  });

  it('stops a stream line longer than the cap', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: ok\n\n');
      res.write(`data: ${'x'.repeat(5000)}`);
    });
    const req = request(server.url);
    const response = await sendHttp(req);
    const seen: string[] = [];
    const decoder = { feedBytes: (bytes: Uint8Array) => [new TextDecoder().decode(bytes)], end: () => [] };
    const error = await caught(
      (async () => {
        for await (const part of readStream(response.body as ReadableStream<Uint8Array>, decoder, {
          providerId: 'p',
          callSignal: req.callSignal,
          parentSignal: req.parentSignal,
          limits: { maxLineBytes: 1024 },
        })) {
          seen.push(part);
        }
      })(),
    );
    expect(error.code).toBe('response_too_large');
    expect(seen.join('')).not.toContain('x'.repeat(2000));
  });
});

describe('call signal', () => {
  it('idle timeout fires on silence mid-stream as timeout / idle_timeout', async () => {
    const clock = new ManualClock();
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const req = request(server.url, clock);
    const response = await sendHttp(req);
    const iterator = readStream(
      response.body as ReadableStream<Uint8Array>,
      { feedBytes: (bytes: Uint8Array) => [bytes.byteLength], end: () => [] },
      { providerId: 'p', callSignal: req.callSignal, parentSignal: req.parentSignal },
    );
    expect((await iterator.next()).done).toBe(false);
    const pending = caught(iterator.next());
    await clock.advance(1000);
    const error = await pending;
    expect([error.category, error.code]).toEqual(['timeout', 'idle_timeout']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('whole-call timeout is timeout / timeout and the caller abort is aborted', async () => {
    const clock = new ManualClock();
    const server = await serve(() => {});
    const req = request(server.url, clock);
    const pending = caught(sendHttp(req));
    await clock.advance(60_000);
    expect(await pending).toMatchObject({ category: 'timeout', code: 'timeout' });
  });
});
