import { SystemClock } from '@apikeyrouter/core';
import type { AdapterCall, AdapterStreamPart, RequestIntent } from '@apikeyrouter/provider';

/**
 * An adapter call for `model` with a one-message intent unless `intent` says otherwise.
 *
 * @example
 * await adapter.execute(chatCall({ messages: [{ role: 'user', content: 'hi' }] }));
 */
export function chatCall(
  intent: Partial<RequestIntent> = {},
  overrides: Partial<Omit<AdapterCall, 'intent'>> = {},
): AdapterCall {
  const model = overrides.model ?? 'llama3.2';
  return {
    model,
    intent: { model: `ollama/${model}`, messages: [{ role: 'user', content: 'hello' }], ...intent },
    apiKey: '',
    signal: new AbortController().signal,
    requestId: 'req-1',
    clock: new SystemClock(),
    ...overrides,
  };
}

/**
 * Reads every part of a stream.
 *
 * @example
 * const parts = await collect((await adapter.stream(call)).parts);
 */
export async function collect(parts: AsyncIterable<AdapterStreamPart>): Promise<AdapterStreamPart[]> {
  const out: AdapterStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/**
 * Resolves when `condition` holds, checking between event-loop turns (no timing is asserted).
 *
 * @example
 * await until(() => fake.received().length === 1);
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * Concatenated text of text-delta parts.
 *
 * @example
 * textOf(parts); // 'echo: hello'
 */
export function textOf(parts: readonly AdapterStreamPart[]): string {
  return parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
}
