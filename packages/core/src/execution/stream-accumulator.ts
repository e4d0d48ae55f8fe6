import type { AdapterStreamPart, FinishReason } from '../adapter/provider-adapter.js';
import type { Usage } from '../adapter/usage.js';
import type { AssistantMessage, ToolCall } from '../intent/message-schema.js';
import type { RouteStreamChunk } from './route-response.js';

/**
 * Collects a streamed answer so the final chunk can carry the whole message.
 *
 * @example
 * const acc = new StreamAccumulator();
 * for await (const part of stream.parts) acc.add(part);
 * acc.message();
 */
export class StreamAccumulator {
  text = '';
  toolCalls: Array<{ id: string; name: string; arguments: string }> = [];
  finishReason: FinishReason = 'stop';
  usage: Usage | undefined;
  model: string | undefined;

  add(part: AdapterStreamPart): void {
    if (part.type === 'text-delta') this.text += part.text;
    else if (part.type === 'tool-call-delta') {
      let call = this.toolCalls[part.index];
      if (!call) {
        call = { id: part.id ?? `call_${part.index}`, name: '', arguments: '' };
        this.toolCalls[part.index] = call;
      }
      if (part.id) call.id = part.id;
      if (part.name) call.name += part.name;
      call.arguments += part.argumentsDelta;
    } else {
      this.finishReason = part.finishReason;
      if (part.usage) this.usage = part.usage;
      if (part.model) this.model = part.model;
    }
  }

  message(): AssistantMessage {
    const message: AssistantMessage = { role: 'assistant', content: this.text };
    const calls: ToolCall[] = this.toolCalls.filter(Boolean);
    if (calls.length > 0) message.toolCalls = calls;
    return message;
  }

  /** Usage as reported, or estimated from what was streamed when the provider sent none. */
  usageOr(estimateInput: number): Usage {
    if (this.usage) return this.usage;
    const outputTokens = Math.ceil(
      (this.text.length + this.toolCalls.reduce((n, c) => n + (c?.arguments.length ?? 0), 0)) / 4,
    );
    return { inputTokens: estimateInput, outputTokens, totalTokens: estimateInput + outputTokens };
  }
}

/**
 * The caller-facing chunk of an adapter's stream part (none for the finish part, which the router builds).
 *
 * @example
 * const chunk = toChunk({ type: 'text-delta', text: 'Hi' }); // { type: 'text-delta', text: 'Hi' }
 */
export function toChunk(part: AdapterStreamPart): RouteStreamChunk | undefined {
  if (part.type === 'text-delta') return { type: 'text-delta', text: part.text };
  if (part.type === 'tool-call-delta') {
    const chunk: RouteStreamChunk = {
      type: 'tool-call-delta',
      index: part.index,
      argumentsDelta: part.argumentsDelta,
    };
    if (part.id !== undefined) chunk.id = part.id;
    if (part.name !== undefined) chunk.name = part.name;
    return chunk;
  }
  return undefined;
}
