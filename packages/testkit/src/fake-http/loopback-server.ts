import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A request as a simulated provider sees it.
 *
 * @example
 * ```ts
 * const server = await startLoopbackServer((request: FakeRequest, response) => {
 *   const model = (request.body as { model?: string } | undefined)?.model;
 *   sendJson(response, 200, { method: request.method, path: request.path, model, alt: request.query.get('alt') });
 * });
 * ```
 */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters. */
  query: URLSearchParams;
  /** Request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** The raw body text. */
  rawBody: string;
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  body: unknown;
}

/**
 * Handles one request; may write any response, or none (a hang) — `close()` still ends it.
 *
 * @example
 * ```ts
 * const handler: FakeHandler = (request, response) => {
 *   if (request.path !== '/v1/models') return sendJson(response, 404, { error: 'not found' });
 *   sendJson(response, 200, { object: 'list', data: [] });
 * };
 * const server = await startLoopbackServer(handler);
 * ```
 */
export type FakeHandler = (request: FakeRequest, response: ServerResponse) => Promise<void> | void;

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * const server: LoopbackServer = await startLoopbackServer((_request, response) => sendJson(response, 200, {}));
 * const adapter = new OpenAIAdapter({ baseURL: `${server.url}/v1` });
 * // … run the test, then:
 * await server.close();
 * ```
 */
export interface LoopbackServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Stops accepting, destroys open sockets (ending hung requests) and resolves when closed. */
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Starts an HTTP server on 127.0.0.1 with an OS-assigned port. Nothing listens beyond loopback.
 *
 * @example
 * const server = await startLoopbackServer((req, res) => sendJson(res, 200, { ok: true }));
 * await fetch(`${server.url}/ping`);
 * await server.close();
 */
export async function startLoopbackServer(handler: FakeHandler): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
      };
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('loopback server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes a JSON response.
 *
 * @example
 * ```ts
 * const server = await startLoopbackServer((_request, response) =>
 *   sendJson(response, 429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '2' }),
 * );
 * ```
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  response.end(text);
}

/**
 * Starts a `text/event-stream` response; write events with {@link writeSseEvent}.
 *
 * @example
 * ```ts
 * const server = await startLoopbackServer((_request, response) => {
 *   startSse(response, { 'x-request-id': 'req_1' });
 *   writeSseEvent(response, { choices: [{ index: 0, delta: { content: 'Hi' } }] });
 *   writeSseEvent(response, '[DONE]');
 *   response.end();
 * });
 * ```
 */
export function startSse(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  response.flushHeaders();
}

/**
 * Writes one SSE event (`data` is JSON-encoded unless it is already a string).
 *
 * @example
 * ```ts
 * startSse(response);
 * writeSseEvent(response, { type: 'message_stop' }, 'message_stop'); // 'event: message_stop\ndata: {…}\n\n'
 * writeSseEvent(response, '[DONE]'); // strings are sent as they are
 * response.end();
 * ```
 */
export function writeSseEvent(response: ServerResponse, data: unknown, event?: string): void {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  response.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
}

/**
 * Starts an `application/x-ndjson` response; write lines with {@link writeNdjsonLine}.
 *
 * @example
 * ```ts
 * const server = await startLoopbackServer((_request, response) => {
 *   startNdjson(response);
 *   writeNdjsonLine(response, { message: { role: 'assistant', content: 'Hi' }, done: false });
 *   writeNdjsonLine(response, { message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' });
 *   response.end();
 * });
 * ```
 */
export function startNdjson(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson', ...headers });
  response.flushHeaders();
}

/**
 * Writes one NDJSON line.
 *
 * @example
 * ```ts
 * startNdjson(response);
 * writeNdjsonLine(response, { message: { role: 'assistant', content: 'Hi' }, done: false }); // one JSON line + '\n'
 * response.end();
 * ```
 */
export function writeNdjsonLine(response: ServerResponse, data: unknown): void {
  response.write(`${JSON.stringify(data)}\n`);
}

/**
 * Destroys the connection without a response, as a reset would.
 *
 * @example
 * ```ts
 * // An upstream that drops the connection before answering (a `network` error for the adapter).
 * const server = await startLoopbackServer((_request, response) => resetConnection(response));
 * ```
 */
export function resetConnection(response: ServerResponse): void {
  response.socket?.destroy();
}
