import type { ServerResponse } from 'node:http';
import { sendJson } from '../loopback-server.js';
import { serverErrorBody } from './openai-error-bodies.js';
import type { BodyFault } from './openai-fault.js';

/**
 * Sends a 200 JSON body, or spoils it as a fault asks: `malformed` (truncated JSON with a matching
 * content-length), `error` (an error object with status 200), `cut` (the socket dies half way through the
 * announced content-length). Returns true when the real body went out.
 *
 * @example
 * sendBody(response, body, headers); // true
 */
export function sendBody(
  response: ServerResponse,
  body: unknown,
  headers: Record<string, string>,
  fault?: BodyFault,
): boolean {
  if (fault === 'error') {
    sendJson(response, 200, serverErrorBody(), headers);
    return false;
  }
  const text =
    fault === 'malformed'
      ? '{"id":"chatcmpl-x","object":"chat.completion","choices":['
      : JSON.stringify(body);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  if (fault === 'cut') {
    // Destroy only once the half body is on the wire, so the client sees a truncated body, not a reset.
    response.write(text.slice(0, Math.floor(text.length / 2)), () => response.destroy());
    return false;
  }
  response.end(text);
  return fault === undefined;
}
