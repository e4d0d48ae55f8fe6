/**
 * A 200 JSON answer with plain-object headers. Under @hono/node-server a plain header record goes straight
 * to `writeHead`; Hono's `c.json(body, 200, headers)` builds a WHATWG `Headers` first and node-server then
 * iterates it back into a record, on every request. Names are lower case, as that round trip sent them.
 *
 * @example
 * return jsonResponse(chatCompletionBody(answer, state.id, created), identityHeaders(state.id, served, undefined));
 */
export function jsonResponse(body: object, headers: Record<string, string>): Response {
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(body), { status: 200, headers });
}
