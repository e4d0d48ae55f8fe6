/**
 * One server-sent event. `data` is JSON on one line (JSON never contains a raw newline), so it needs no
 * splitting; the name is one of the router's event names.
 *
 * @example
 * sseMessage('keyStateChanged', { keyId: 'openai_3f9a', to: 'disabled' }); // 'event: keyStateChanged\ndata: {…}\n\n'
 */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
