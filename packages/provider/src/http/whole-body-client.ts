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
  for (const [name, value] of Object.entries(answer.headers)) {
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
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > init.maxBytes) {
      discard(answer.body);
      throw responseTooLarge(init.providerId, 'body', init.maxBytes, status);
    }
    chunks.push(chunk);
  }
  // TextDecoder, as the stream path uses: a leading BOM is dropped and bad bytes become U+FFFD the same way.
  wholeBodies.set(response, utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  return response;
}

/** Closes a body we will not read; undici reports that as an 'error' event, which must have a listener. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
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
