import type { AnthropicFakeOptions, AnthropicFakeProvider } from './anthropic-fake-types.js';
import { startAnthropicFakeServer } from './start-anthropic-fake-server.js';

/** Key known to the fakes in these tests. */
export const FAKE_KEY = 'sk-ant-api03-fake-test-0001';

/**
 * A minimal valid Messages API body.
 *
 * @example
 * messagesBody({ stream: true });
 */
export function messagesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'hello' }],
    ...overrides,
  };
}

/** What a raw call to the fake returned. */
export interface RawAnswer {
  /** HTTP status. @example 200 */
  status: number;
  /** Response headers. @example answer.headers.get('request-id') */
  headers: Headers;
  /** Body text. @example '{"type":"message"}' */
  text: string;
  /** Body parsed as JSON, or undefined. @example { type: 'message' } */
  json: unknown;
}

/**
 * POSTs a body to the fake's `/v1/messages` with the key and version headers (overridable).
 *
 * @example
 * const answer = await post(fake, messagesBody());
 */
export async function post(
  fake: { url: string },
  body: unknown,
  headers: Record<string, string | undefined> = {},
  path = '/v1/messages',
): Promise<RawAnswer> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    'content-type': 'application/json',
    'x-api-key': FAKE_KEY,
    'anthropic-version': '2023-06-01',
    ...headers,
  })) {
    if (value !== undefined) merged[name] = value;
  }
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: merged,
    body: typeof body === 'string' ? body : JSON.stringify(body),
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

/**
 * Parses an SSE body into `[event, data]` pairs (data JSON-parsed when possible).
 *
 * @example
 * sseEvents(answer.text)[0]?.[0]; // 'message_start'
 */
export function sseEvents(text: string): Array<[string, unknown]> {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(chunk)?.[1] ?? '';
      try {
        return [event, JSON.parse(data)];
      } catch {
        return [event, data];
      }
    });
}

/**
 * Starts fakes and closes them after each test.
 *
 * @example
 * const fakes = fakeRegistry();
 * afterEach(() => fakes.closeAll());
 */
export function fakeRegistry(): {
  start(options?: Partial<AnthropicFakeOptions>): Promise<AnthropicFakeProvider>;
  closeAll(): Promise<void>;
} {
  const open: AnthropicFakeProvider[] = [];
  return {
    async start(options = {}) {
      const fake = await startAnthropicFakeServer({ keys: { [FAKE_KEY]: { label: 'main' } }, ...options });
      open.push(fake);
      return fake;
    },
    async closeAll() {
      for (const fake of open.splice(0)) await fake.close();
    },
  };
}
