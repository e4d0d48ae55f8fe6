import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { responseTooLarge } from './body-limits.js';
import type { AbortSource } from './call-signal.js';

/**
 * One keep-alive pool for every adapter that uses the kit's client. Its own, rather than the global
 * dispatcher that `fetch` shares: Node's bundled undici and this one may differ in major version, and a
 * dispatcher is only guaranteed to understand handlers of its own version.
 */
let pool: Agent | undefined;

const utf8 = new TextDecoder();

/** Whole bodies read by {@link fetchWholeBody}, handed to `readBodyText` without a web stream. */
const wholeBodies = new WeakMap<Response, string>();

/**
 * What {@link fetchWholeBody} sends.
 *
 * @example
 * const init: WholeBodyInit = { method: 'POST', headers, body, signal, maxBytes: 1 << 20, providerId: 'openai' };
 */
export interface WholeBodyInit {
  method: 'GET' | 'POST';
  headers: Record<string, string> | Headers;
  body: string | undefined;
  /** An AbortSignal, or the lighter {@link AbortSource} of a call signal. */
  signal: AbortSignal | AbortSource;
  /** Cap on the body; a longer one is cut off and reported as `response_too_large`. */
  maxBytes: number;
  /** Provider id, for errors. */
  providerId: string;
}

function headerRecord(headers: Record<string, string> | Headers): Record<string, string> {
  if (!(headers instanceof Headers)) return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = value;
  return out;
}

/**
 * Sends a request whose whole answer the caller will read, with undici's `request` instead of `fetch`: the
 * same client underneath, without the WHATWG stream and object layers that cost a loopback call about three
 * times the CPU. Never follows redirects (the caller decides, as with `redirect: 'manual'`). A redirect's body
 * is discarded; any other body is read here, bounded by `maxBytes`, and kept for `readBodyText`. Resolves with
 * a `Response` carrying the status and headers.
 *
 * @example
 * const response = await fetchWholeBody(url, { method: 'POST', headers, body, signal, maxBytes, providerId });
 * const text = await readBodyText(response, context); // no second read
 */
export async function fetchWholeBody(url: string, init: WholeBodyInit): Promise<Response> {
  pool ??= new Agent({ keepAliveTimeout: 30_000 });
  const answer = await request(url, {
    method: init.method,
    headers: headerRecord(init.headers),
    body: init.body,
    signal: init.signal,
    dispatcher: pool,
  });
  const headers = new Headers();
  for (const name in answer.headers) {
    const value = answer.headers[name];
    if (typeof value === 'string') headers.append(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const status = answer.statusCode;
  const response = new Response(null, { status, headers });
  if (status >= 300 && status <= 399) {
    await answer.body.dump().catch(() => undefined);
    return response;
  }
  const declared = Number(answer.headers['content-length']);
  if (Number.isFinite(declared) && declared > init.maxBytes) {
    discard(answer.body);
    throw responseTooLarge(init.providerId, 'body', init.maxBytes, status);
  }
  const chunks = await readChunks(answer.body, init.maxBytes);
  if (chunks === undefined) throw responseTooLarge(init.providerId, 'body', init.maxBytes, status);
  // TextDecoder, as the stream path uses: a leading BOM is dropped and bad bytes become U+FFFD the same way.
  wholeBodies.set(response, utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  return response;
}

/**
 * The chunks of a body, or undefined (and the body discarded) past `maxBytes`. Read with `data` events: an
 * async iterator over a Node stream allocates its own machinery (end-of-stream watcher, promises) per body.
 * Rejects with what the body failed with (an abort, a reset), as iterating would throw it.
 */
function readChunks(body: Readable, maxBytes: number): Promise<Buffer[] | undefined> {
  return new Promise((resolve, reject) => {
    // Destroyed before we listen (an abort between headers and here): its events may be gone already.
    if (body.destroyed) {
      body.on('error', () => undefined);
      reject(body.errored ?? new Error('The response body was closed before it was read'));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle();
      discard(body);
      resolve(undefined);
    };
    const onEnd = () => {
      settle();
      resolve(chunks);
    };
    const onError = (error: Error) => {
      settle();
      // A late error after this must still find a listener (undici emits one when destroyed).
      body.on('error', () => undefined);
      reject(error);
    };
    // Closed without 'end' or 'error' (destroyed without a reason): the body is cut short.
    const onClose = () => onError(new Error('The response body closed before its end'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** Closes a body we will not read; undici reports that as an 'error' event, which must have a listener. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * The body {@link fetchWholeBody} already read for this response, if it did.
 *
 * @example
 * const text = takeWholeBody(response) ?? (await response.text());
 */
export function takeWholeBody(response: Response): string | undefined {
  const text = wholeBodies.get(response);
  if (text !== undefined) wholeBodies.delete(response);
  return text;
}
