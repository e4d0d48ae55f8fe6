import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpFailure } from './http-failure.js';

/** The Node request and response under a Hono context, when served by @hono/node-server. */
export interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

function tooLarge(): HttpFailure {
  return new HttpFailure(413, 'invalid_request_error', 'request_too_large', 'The request body is too large');
}

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes (413) whether announced by
 * `content-length` or streamed. On Node it reads the socket stream directly, which spares building a Web
 * `Request` for every call; elsewhere it reads the Web request.
 *
 * @example
 * const text = await readBody(c.env, () => c.req.arrayBuffer(), 4 * 1024 * 1024);
 */
export async function readBody(
  bindings: NodeBindings | undefined,
  fallback: () => Promise<ArrayBuffer>,
  limit: number,
): Promise<string> {
  const incoming = bindings?.incoming;
  if (!incoming) {
    const buffer = await fallback();
    if (buffer.byteLength > limit) throw tooLarge();
    return Buffer.from(buffer).toString('utf8');
  }
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge();
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (finish: () => void) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFail);
      incoming.off('close', onFail);
      finish();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(() => reject(tooLarge()));
      else chunks.push(chunk);
    };
    const onEnd = () => done(() => resolve(Buffer.concat(chunks, size).toString('utf8')));
    const onFail = () =>
      done(() =>
        reject(
          new HttpFailure(499, 'invalid_request_error', 'client_closed_request', 'The client went away'),
        ),
      );
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFail);
    incoming.on('close', onFail);
    if (incoming.readableEnded) onEnd();
  });
}

/**
 * A signal that fires when the client goes away before its response finished: from the Node response's
 * `close` on Node, else from the Web request's signal.
 *
 * @example
 * router.route(intent, objective, { signal: clientGone(c.env, () => c.req.raw.signal) });
 */
export function clientGone(bindings: NodeBindings | undefined, fallback: () => AbortSignal): AbortController {
  const controller = new AbortController();
  const outgoing = bindings?.outgoing;
  if (!outgoing) {
    const signal = fallback();
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', () => controller.abort(), { once: true });
    return controller;
  }
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller;
}
