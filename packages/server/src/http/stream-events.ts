import type { RouteResponse, RouteStreamChunk } from '@apikeyrouter/core';
import { answerOf, type GatewayAnswer } from '../openai/chat-response.js';

/** A piece of a streamed answer, independent of the wire format it is written in. */
export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'tool'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'finish'; answer: GatewayAnswer; served: RouteResponse | undefined };

/**
 * The stream event of a router chunk.
 *
 * @example
 * for await (const chunk of router.routeStream(intent)) write(encoder.event(streamEventOf(chunk)));
 */
export function streamEventOf(chunk: RouteStreamChunk): StreamEvent {
  if (chunk.type === 'text-delta') return { type: 'text', text: chunk.text };
  if (chunk.type === 'tool-call-delta') {
    return {
      type: 'tool',
      index: chunk.index,
      ...(chunk.id !== undefined ? { id: chunk.id } : {}),
      ...(chunk.name !== undefined ? { name: chunk.name } : {}),
      argumentsDelta: chunk.argumentsDelta,
    };
  }
  return { type: 'finish', answer: answerOf(chunk), served: chunk };
}

/**
 * The events that replay a cached answer as a stream: its text, each tool call whole, then the finish.
 *
 * @example
 * for (const event of replayEvents(cached)) write(encoder.event(event));
 */
export function replayEvents(answer: GatewayAnswer): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (answer.content !== '') events.push({ type: 'text', text: answer.content });
  answer.toolCalls.forEach((call, index) => {
    events.push({ type: 'tool', index, id: call.id, name: call.name, argumentsDelta: call.arguments });
  });
  events.push({ type: 'finish', answer, served: undefined });
  return events;
}
