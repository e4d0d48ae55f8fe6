/**
 * The floor of the gateway benchmark: the least any Node.js gateway does per request, in its own process.
 * A bare `node:http` server that reads the JSON body, parses it, sends it to the next of the four upstream
 * keys with undici on a keep-alive pool, parses the answer and writes it back. No authentication, routing,
 * quota, budgets, metrics or logs. Prints `listening on <url>` when ready; SIGTERM stops it.
 *
 * Usage: `node --import tsx bench/gateway/bare-proxy.ts <upstream url>`
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'undici';
import { BENCH_KEYS } from './bench-keys.js';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: bare-proxy.ts <upstream url>');
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
let next = 0;

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const key = BENCH_KEYS[next++ % BENCH_KEYS.length];
  const answer = await request(`${upstream}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
    dispatcher: pool,
  });
  const text = JSON.stringify(JSON.parse(await answer.body.text()));
  res.writeHead(answer.statusCode, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = createServer((req, res) => {
  forward(req, res).catch((error: unknown) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
