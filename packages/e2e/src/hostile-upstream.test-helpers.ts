import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter, type ProviderAdapter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';

/** A key no test ever prints; any 8-character piece of it in router output is a leak. */
export const CANARY = 'sk-canary-Q7zX2mV9pL4tR8wN3kD6hJ1';

/** A scripted upstream on 127.0.0.1 that records what it received. */
export interface Hostile {
  url: string;
  received: IncomingMessage[];
  close(): Promise<void>;
}

/** Starts a hostile upstream. */
export async function hostile(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Hostile> {
  const received: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    received.push(req);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Everything the router let out during a test. */
export interface Observed {
  router: ApiKeyRouter;
  keyId: string;
  events: unknown[];
}

/** A router with one canary key on one adapter, recording every event it emits. */
export async function routerWith(adapter: ProviderAdapter, providerId: string): Promise<Observed> {
  const router = new ApiKeyRouter({
    defaults: { deadlineMs: 10_000, maxAttempts: 1, retry: { baseDelayMs: 1, maxDelayMs: 2 } },
  });
  const events: unknown[] = [];
  for (const name of ['decision', 'attempt', 'keyStateChanged', 'fallback', 'requestCompleted'] as const) {
    router.on(name, (event: unknown) => events.push({ name, event }));
  }
  await router.registerProvider(providerId, adapter);
  const key = await router.registerKey(CANARY, providerId);
  return { router, keyId: key.id, events };
}

/** OpenAI adapter pointed at a hostile upstream. */
export function openai(url: string): OpenAIAdapter {
  return new OpenAIAdapter({ baseURL: `${url}/v1`, timeoutMs: 5000 });
}

/** Anthropic adapter pointed at a hostile upstream. */
export function anthropic(url: string): AnthropicAdapter {
  return new AnthropicAdapter({ baseURL: url, timeoutMs: 5000 });
}

/** A plain chat intent. */
export const ask = (model: string) => ({
  model,
  messages: [{ role: 'user' as const, content: 'ping' }],
  parameters: { maxTokens: 5 },
});

function text(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Error) {
      return {
        message: item.message,
        stack: item.stack,
        json: (item as { toJSON?: () => unknown }).toJSON?.(),
        cause: item.cause,
      };
    }
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[cycle]';
      seen.add(item);
      const printable = item as { toString?: () => string };
      if (item.constructor?.name === 'RoutingExplanation')
        return { json: item, text: printable.toString?.() };
    }
    return item;
  });
}

/** Every 8-character piece of the canary found in the serialised values (case-insensitive). */
export function leaks(...values: unknown[]): string[] {
  const haystack = values.map(text).join('\n').toLowerCase();
  const lower = CANARY.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 8 <= lower.length; i++)
    if (haystack.includes(lower.slice(i, i + 8))) found.push(lower.slice(i, i + 8));
  return found;
}

/** Everything observable about the canary key through the public API. */
export function keyViews(observed: Observed): unknown[] {
  const { router, keyId } = observed;
  return [router.listKeys(), router.getKeyHistory(keyId), router.snapshot(), observed.events];
}
