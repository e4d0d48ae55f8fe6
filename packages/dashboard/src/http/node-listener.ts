import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Adapts a fetch-style handler (`dash.handle`) to `node:http`. Request bodies are not read (the dashboard only
 * answers GET and HEAD); streamed responses (server-sent events) are piped until the client goes away, and then
 * cancelled so the handler frees the client.
 *
 * @example
 * http.createServer(toNodeListener(dash.handle)).listen(8080, '127.0.0.1');
 */
export function toNodeListener(
  handle: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(handle, req, res);
  };
}

async function serve(
  handle: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  let response: Response;
  try {
    const url = new URL(req.url ?? '/', `http://${host}`);
    response = await handle(new Request(url, { method: req.method ?? 'GET', headers }));
  } catch {
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end('{"error":{"message":"Bad request","type":"invalid_request_error"}}');
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => {
    reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) break;
    }
  } catch {
    // the handler ended the stream with an error (a dropped slow client) or the socket closed
  }
  res.end();
}
