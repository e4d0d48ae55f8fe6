import { SystemClock } from '@apikeyrouter/core';
import {
  type AdapterCall,
  type AdapterStreamPart,
  type Clock,
  type RequestIntent,
  RouterError,
} from '@apikeyrouter/provider';
import {
  type AnthropicFakeOptions,
  type AnthropicFakeProvider,
  startAnthropicFakeServer,
} from '@apikeyrouter/testkit';
import { AnthropicAdapter } from './anthropic-adapter.js';
import type { AnthropicAdapterOptions } from './anthropic-adapter-options.js';

/** The key every adapter test uses; shaped like a real key so scrubbing is exercised. */
export const TEST_KEY = 'sk-ant-api03-test-key-000001';
/** Model used in adapter tests. */
export const TEST_MODEL = 'claude-sonnet-5-5';

/**
 * A call for `intent`, with a fresh signal and the system clock unless overridden.
 *
 * @example
 * await adapter.execute(makeCall({ messages: [{ role: 'user', content: 'hi' }] }));
 */
export function makeCall(intent: Partial<RequestIntent>, overrides: Partial<AdapterCall> = {}): AdapterCall {
  const clock: Clock = overrides.clock ?? new SystemClock();
  return {
    model: TEST_MODEL,
    intent: { model: TEST_MODEL, messages: [{ role: 'user', content: 'hello' }], ...intent },
    apiKey: TEST_KEY,
    signal: new AbortController().signal,
    requestId: 'router-req-1',
    clock,
    ...overrides,
  };
}

/**
 * Starts the simulated Anthropic provider with {@link TEST_KEY} and an adapter pointed at it.
 *
 * @example
 * const { fake, adapter } = await startFakeWithAdapter();
 */
export async function startFakeWithAdapter(
  fakeOptions: Partial<AnthropicFakeOptions> = {},
  adapterOptions: AnthropicAdapterOptions = {},
): Promise<{ fake: AnthropicFakeProvider; adapter: AnthropicAdapter }> {
  const fake = await startAnthropicFakeServer({ keys: { [TEST_KEY]: { label: 'main' } }, ...fakeOptions });
  return { fake, adapter: new AnthropicAdapter({ baseURL: fake.url, ...adapterOptions }) };
}

/**
 * Collects a stream's parts, or the RouterError it threw with the parts before it.
 *
 * @example
 * const { parts, error } = await collect((await adapter.stream(call)).parts);
 */
export async function collect(
  parts: AsyncIterable<AdapterStreamPart>,
): Promise<{ parts: AdapterStreamPart[]; error?: RouterError }> {
  const out: AdapterStreamPart[] = [];
  try {
    for await (const part of parts) out.push(part);
    return { parts: out };
  } catch (error) {
    if (!RouterError.isInstance(error)) throw error;
    return { parts: out, error };
  }
}

/**
 * The text of a stream's text deltas.
 *
 * @example
 * textOf(parts); // 'echo: hello'
 */
export function textOf(parts: readonly AdapterStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}
