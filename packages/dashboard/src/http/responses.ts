/**
 * Headers every dashboard response carries: no framing, no sniffing, scripts and styles from this origin only.
 *
 * @example
 * new Response(body, { headers: { ...SECURITY_HEADERS, 'content-type': 'text/html' } });
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * A JSON response with the dashboard's headers.
 *
 * @example
 * return json({ error: { message: 'Not found', type: 'not_found' } }, 404);
 */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    },
  });
}

/**
 * An error in the OpenAI error shape the gateway uses everywhere.
 *
 * @example
 * return errorResponse(401, 'authentication_error', 'Not authorized');
 */
export function errorResponse(status: number, type: string, message: string): Response {
  return json({ error: { message, type, code: null, param: null } }, status);
}
