import { SystemClock } from '@apikeyrouter/core';
import type { AdapterCall, AdapterStreamPart, Clock, RequestIntent } from '@apikeyrouter/provider';

/** Builds an AdapterCall for tests. */
export function makeCall(
  intent: Partial<RequestIntent> & Pick<RequestIntent, 'messages'>,
  options: { apiKey?: string; model?: string; signal?: AbortSignal; clock?: Clock } = {},
): AdapterCall {
  const model = options.model ?? intent.model ?? 'gemini-2.0-flash';
  return {
    model,
    intent: { model, ...intent },
    apiKey: options.apiKey ?? 'AIza-test-key',
    signal: options.signal ?? new AbortController().signal,
    requestId: 'req-1',
    clock: options.clock ?? new SystemClock(),
  };
}

/** A user-only intent. */
export function say(text: string): Pick<RequestIntent, 'messages'> {
  return { messages: [{ role: 'user', content: text }] };
}

/** Collects every part of a stream. */
export async function collect(parts: AsyncIterable<AdapterStreamPart>): Promise<AdapterStreamPart[]> {
  const out: AdapterStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/** Lets I/O run until `predicate` holds (bounded, so a broken test fails instead of hanging). */
export async function until(predicate: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!predicate()) throw new Error('condition not reached');
}
