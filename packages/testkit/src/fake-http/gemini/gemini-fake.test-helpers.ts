/** A raw answer from the simulated Gemini. */
export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** POSTs to the fake without any adapter, so tests see the exact wire format. */
export async function post(
  base: string,
  path: string,
  body: unknown,
  key: string | undefined,
  init: { query?: string; signal?: AbortSignal } = {},
): Promise<RawReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['x-goog-api-key'] = key;
  const response = await fetch(`${base}${path}${init.query ?? ''}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A one-turn generateContent body. */
export const ask = (text: string, extra: Record<string, unknown> = {}) => ({
  contents: [{ role: 'user', parts: [{ text }] }],
  ...extra,
});

/** Lets I/O run until `predicate` holds (bounded). */
export async function until(predicate: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!predicate()) throw new Error('condition not reached');
}
