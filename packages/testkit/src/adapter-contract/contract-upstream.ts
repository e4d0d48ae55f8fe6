import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the upstream does with the next request.
 *
 * @example
 * ```ts
 * const tooMany: UpstreamScript = (_req, res) => {
 *   res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
 *   res.end('{"error":{"message":"slow down"}}');
 * };
 * upstream.script = tooMany;
 * ```
 */
export type UpstreamScript = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A scripted loopback upstream: every request runs the current script; `requests` records what arrived
 * (headers included), `arrived` resolves when the next request has been read.
 *
 * @example
 * const upstream = await startContractUpstream(); upstream.script = (_req, res) => res.end('{}');
 */
export interface ContractUpstream {
  url: string;
  script: UpstreamScript;
  requests: IncomingMessage[];
  arrived(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a {@link ContractUpstream} on 127.0.0.1, port 0.
 *
 * @example
 * const upstream = await startContractUpstream();
 */
export async function startContractUpstream(): Promise<ContractUpstream> {
  let waiters: Array<() => void> = [];
  const upstream: ContractUpstream = {
    url: '',
    script: (_req, res) => res.end(),
    requests: [],
    arrived: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    upstream.requests.push(req);
    res.on('error', () => undefined);
    req.resume();
    req.on('end', () => {
      upstream.script(req, res);
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}
