import type { FinishReason } from '@apikeyrouter/core';
import type { GatewayAnswer } from '../openai/chat-response.js';

/** Anthropic's stop_reason for a router finish reason. */
export function anthropicStopReason(reason: FinishReason): string {
  if (reason === 'length') return 'max_tokens';
  if (reason === 'tool_calls') return 'tool_use';
  if (reason === 'content_filter') return 'refusal';
  return 'end_turn';
}

/** The parsed arguments of a tool call, or an empty object when the model produced invalid JSON. */
export function toolInput(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

/**
 * An Anthropic `message` object for an answer.
 *
 * @example
 * c.json(messageBody(answer, 'gw_1'));
 */
export function messageBody(answer: GatewayAnswer, id: string): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (answer.content !== '') content.push({ type: 'text', text: answer.content });
  for (const call of answer.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  }
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: anthropicStopReason(answer.finishReason),
    stop_sequence: null,
    usage: { input_tokens: answer.usage.inputTokens, output_tokens: answer.usage.outputTokens },
  };
}
