import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { RouterError } from '../errors/router-error.js';

/** A loopback HTTP server for the kit's tests. */
export interface Loopback {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, recording every request. */
export async function startLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Loopback> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `serve(handler)` for a test file: each server it starts is closed after the test that started it. */
export function useLoopbacks(): (handler: Parameters<typeof startLoopback>[0]) => Promise<Loopback> {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startLoopback(handler);
    servers.push(server);
    return server;
  };
}

/** The RouterError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function caught(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise;
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a RouterError');
}
