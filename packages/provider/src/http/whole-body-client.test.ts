import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.test-helpers.js';
import { createCallSignal } from './call-signal.js';
import { caught, type Loopback, startLoopback, useLoopbacks } from './loopback.test-helpers.js';
import { readBodyText } from './read-body.js';
import { type HttpRequest, sendHttp } from './send-http.js';

const CANARY = 'sk-canary-whole-body-0123456789';
const serve = useLoopbacks();

/** A whole-body request; `viaFetch` picks the platform fetch instead of the kit's client. */
function wholeRequest(url: string, maxBytes: number, viaFetch: boolean) {
  const parent = new AbortController();
  const callSignal = createCallSignal(parent.signal, { timeoutMs: 60_000 }, new ManualClock());
  const request: HttpRequest = {
    providerId: 'p',
    fetch: viaFetch ? fetch : undefined,
    url,
    method: 'POST',
    headers: { authorization: `Bearer ${CANARY}`, 'content-type': 'application/json' },
    body: '{}',
    callSignal,
    parentSignal: parent.signal,
    wholeBodyMaxBytes: maxBytes,
  };
  const read = async () => {
    const response = await sendHttp(request);
    const text = await readBodyText(response, { ...request, maxBytes });
    return { status: response.status, headers: response.headers, text };
  };
  return { request, parent, read };
}

describe.each([
  ['the kit client', false],
  ['fetch', true],
])('whole bodies through %s', (_name, viaFetch) => {
  it('reads status, headers and body, and follows a same-origin 303 as a GET', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(303, { location: '/new' }).end('moved, and this body is dropped');
      else res.writeHead(201, { 'x-request-id': 'r1', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
    });
    const answer = await wholeRequest(`${server.url}/old`, 1024, viaFetch).read();
    expect(answer).toMatchObject({ status: 201, text: '{"ok":true}' });
    expect(answer.headers.get('x-request-id')).toBe('r1');
    expect(server.requests.map((r) => [r.url, r.method])).toEqual([
      ['/old', 'POST'],
      ['/new', 'GET'],
    ]);
  });

  it('never sends the credential to another origin a redirect names', async () => {
    const other = await serve((_req, res) => res.end('{}'));
    const origin = await serve((_req, res) =>
      res.writeHead(302, { location: `${other.url.replace('127.0.0.1', 'localhost')}/steal` }).end(),
    );
    const error = await caught(wholeRequest(origin.url, 1024, viaFetch).read());
    expect([error.category, error.code]).toEqual(['provider', 'redirect_refused']);
    expect(other.requests).toHaveLength(0);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it('accepts a body of exactly the cap and refuses one byte more, declared or chunked', async () => {
    const cap = 4096;
    const server = await serve((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
      const declared = req.url?.includes('declared') === true;
      res.writeHead(500, declared ? { 'content-length': String(size) } : {});
      res.end('e'.repeat(size));
    });
    for (const mode of ['declared', 'chunked']) {
      const ok = await wholeRequest(`${server.url}/${mode}?size=${cap}`, cap, viaFetch).read();
      expect(ok.text).toHaveLength(cap);
      const error = await caught(wholeRequest(`${server.url}/${mode}?size=${cap + 1}`, cap, viaFetch).read());
      expect([error.category, error.code, error.status]).toEqual(['provider', 'response_too_large', 500]);
    }
  });

  it('reports a connection cut mid-body as network / connection_reset', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setImmediate(() => res.socket?.destroy());
    });
    const error = await caught(wholeRequest(server.url, 1024, viaFetch).read());
    expect([error.category, error.code]).toEqual(['network', 'connection_reset']);
  });

  it('reports the caller aborting while the body is on its way as aborted', async () => {
    let started: () => void = () => undefined;
    const headersSent = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"slow":');
      started();
    });
    const call = wholeRequest(server.url, 1024, viaFetch);
    const pending = caught(call.read());
    await headersSent;
    call.parent.abort();
    const error = await pending;
    expect([error.category, error.code]).toEqual(['aborted', 'aborted']);
  });
});

describe('the kit client decodes exactly as the fetch path does', () => {
  let bytes = Buffer.alloc(0);
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback((_req, res) => res.writeHead(200).end(bytes));
  });
  afterAll(() => server.close());

  it('for any bytes: BOMs, invalid UTF-8, split multi-byte characters', async () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(
        Uint8Array.of(0xef, 0xbb, 0xbf),
        Uint8Array.of(0xf0, 0x9f, 0x98),
        Uint8Array.of(0xc3),
        new TextEncoder().encode('é😀"{}'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 6 }), async (pieces) => {
        bytes = Buffer.concat(pieces);
        const kit = await wholeRequest(server.url, 1 << 16, false).read();
        const platform = await wholeRequest(server.url, 1 << 16, true).read();
        expect(kit.text).toBe(platform.text);
      }),
      { numRuns: 60 },
    );
  });
});
