const MAX_MESSAGE = 500;

/**
 * The human-readable message of an Ollama error body. Ollama sends `{"error":"…"}`; proxies in front of it may
 * send OpenAI-style `{"error":{"message":"…"}}` or plain text (Go's `404 page not found`, an HTML 502).
 *
 * @example
 * readErrorMessage('{"error":"model \'x\' not found, try pulling it first"}', 404); // "model 'x' not found, try pulling it first"
 */
export function readErrorMessage(text: string, status: number): string {
  let message: string | undefined;
  try {
    const body: unknown = JSON.parse(text);
    message = errorField(body);
  } catch {
    message = undefined;
  }
  message ??= text.trim();
  if (message === '') return `HTTP ${status}`;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/**
 * The `error` of a parsed body, as text, or undefined when the body is not an error body.
 *
 * @example
 * errorField({ error: 'boom' }); // 'boom'
 */
export function errorField(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}
