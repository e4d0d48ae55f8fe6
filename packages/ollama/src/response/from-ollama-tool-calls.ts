import type { ToolCall } from '@apikeyrouter/provider';

/**
 * A fresh tool-call id. Ollama (before it started sending ids) has none, yet callers echo ids back in tool
 * results, so they must be unique across turns, not just within one answer.
 *
 * @example
 * synthesiseToolCallId(); // 'call_3f2a9c0e6b1d4e8f9a7b6c5d'
 */
export function synthesiseToolCallId(): string {
  return `call_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * Core's tool calls from Ollama's: the arguments object becomes JSON text, ids are kept when Ollama sends them
 * and synthesised otherwise. Entries without a function name are dropped (nothing could run them).
 *
 * @example
 * fromOllamaToolCalls([{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }]);
 * // [{ id: 'call_…', name: 'get_weather', arguments: '{"city":"Paris"}' }]
 */
export function fromOllamaToolCalls(calls: unknown): ToolCall[] {
  if (!Array.isArray(calls)) return [];
  const out: ToolCall[] = [];
  for (const call of calls) {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    if (!fn || typeof fn.name !== 'string' || fn.name === '') continue;
    const id = (call as { id?: unknown }).id;
    const args = fn.arguments;
    out.push({
      id: typeof id === 'string' && id !== '' ? id : synthesiseToolCallId(),
      name: fn.name,
      // Some models emit arguments as a string already; pass it through rather than double-encode it.
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    });
  }
  return out;
}
