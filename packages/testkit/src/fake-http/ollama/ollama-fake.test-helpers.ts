import type { OllamaFakeProvider } from './ollama-fake-options.js';

/** A finished exchange with the simulated Ollama. */
export interface FakeExchange {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** Parsed NDJSON lines, for streamed answers. */
  lines: unknown[];
}

/**
 * POSTs a JSON body to the fake and reads the whole answer.
 *
 * @example
 * const res = await post(fake, '/api/chat', { model: 'm', messages: [], stream: false });
 */
export async function post(
  fake: OllamaFakeProvider,
  path: string,
  body: unknown,
  key?: string,
): Promise<FakeExchange> {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const lines = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
  return { status: response.status, headers: response.headers, text, json, lines };
}

/**
 * A chat body for the fake.
 *
 * @example
 * chat('hello', { stream: false });
 */
export function chat(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'llama3.2', messages: [{ role: 'user', content }], ...extra };
}

/**
 * Resolves once the fake has received `count` requests (polls between event-loop turns).
 *
 * @example
 * await receivedAtLeast(fake, 1);
 */
export async function receivedAtLeast(fake: OllamaFakeProvider, count: number): Promise<void> {
  while (fake.received().length < count) await new Promise((resolve) => setTimeout(resolve, 1));
}
