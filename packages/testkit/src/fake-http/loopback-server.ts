import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A request as a simulated provider sees it. */
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

/** Handles one request; may write any response, or none (a hang) — `close()` still ends it. */
export type FakeHandler = (request: FakeRequest, response: ServerResponse) => Promise<void> | void;

/** A running loopback server. */
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

/** Writes a JSON response. */
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

/** Starts a `text/event-stream` response; write events with {@link writeSseEvent}. */
export function startSse(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  response.flushHeaders();
}

/** Writes one SSE event (`data` is JSON-encoded unless it is already a string). */
export function writeSseEvent(response: ServerResponse, data: unknown, event?: string): void {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  response.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
}

/** Starts an `application/x-ndjson` response; write lines with {@link writeNdjsonLine}. */
export function startNdjson(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson', ...headers });
  response.flushHeaders();
}

/** Writes one NDJSON line. */
export function writeNdjsonLine(response: ServerResponse, data: unknown): void {
  response.write(`${JSON.stringify(data)}\n`);
}

/** Destroys the connection without a response, as a reset would. */
export function resetConnection(response: ServerResponse): void {
  response.socket?.destroy();
}
