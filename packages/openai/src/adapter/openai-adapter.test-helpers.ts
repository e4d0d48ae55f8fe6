import { SystemClock } from '@apikeyrouter/core';
import type { AdapterCall, AdapterStreamPart, Clock, RequestIntent } from '@apikeyrouter/provider';

/** A live key of the fake provider used across the adapter tests. */
export const KEY = 'sk-test-live-0123456789abcdef';
/** A key whose material must never show up anywhere (the canary). */
export const CANARY = 'sk-canary-9f8e7d6c5b4a39281706';

/** Builds an AdapterCall for an intent. */
export function makeCall(
  intent: Partial<RequestIntent> & { model?: string },
  overrides: Partial<AdapterCall> = {},
): AdapterCall {
  const full: RequestIntent = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hello there' }],
    ...intent,
  };
  return {
    model: full.model,
    intent: full,
    apiKey: KEY,
    signal: new AbortController().signal,
    requestId: 'req-test-1',
    clock: new SystemClock() as Clock,
    ...overrides,
  };
}

/** Collects every part of a stream. */
export async function collect(parts: AsyncIterable<AdapterStreamPart>): Promise<AdapterStreamPart[]> {
  const out: AdapterStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/** Text of all text deltas. */
export function textOf(parts: readonly AdapterStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}
