import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import type { RouteStreamChunk } from '@apikeyrouter/core';
import { routerMetadata, toFinishReason, toUsage } from './from-response.js';

interface ToolState {
  id: string | undefined;
  name: string | undefined;
  started: boolean;
  pending: string;
}

const TEXT_ID = 'text-0';

/**
 * Turns router stream chunks into AI SDK stream parts: `text-start`/`text-delta`/`text-end`, tool input
 * streamed as `tool-input-start`/`-delta`/`-end` followed by one complete `tool-call` per call (arguments
 * from the finished message, so they are whole even when deltas arrived without ids), then
 * `response-metadata` and `finish` with usage, finish reason and `providerMetadata.apikeyrouter`.
 *
 * @example
 * const parts = new StreamParts(clock);
 * for await (const chunk of router.routeStream(intent)) for (const part of parts.next(chunk)) controller.enqueue(part);
 */
export class StreamParts {
  readonly #now: () => number;
  #textStarted = false;
  readonly #tools = new Map<number, ToolState>();

  /** @param now The router clock's `now`, for the response timestamp. */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** The parts for one router chunk. */
  next(chunk: RouteStreamChunk): LanguageModelV3StreamPart[] {
    if (chunk.type === 'text-delta') {
      const parts: LanguageModelV3StreamPart[] = [];
      if (!this.#textStarted) {
        this.#textStarted = true;
        parts.push({ type: 'text-start', id: TEXT_ID });
      }
      parts.push({ type: 'text-delta', id: TEXT_ID, delta: chunk.text });
      return parts;
    }
    if (chunk.type === 'tool-call-delta') return this.#toolDelta(chunk);
    return this.#finish(chunk);
  }

  #toolDelta(chunk: Extract<RouteStreamChunk, { type: 'tool-call-delta' }>): LanguageModelV3StreamPart[] {
    let state = this.#tools.get(chunk.index);
    if (!state) {
      state = { id: undefined, name: undefined, started: false, pending: '' };
      this.#tools.set(chunk.index, state);
    }
    state.id ??= chunk.id;
    state.name ??= chunk.name;
    state.pending += chunk.argumentsDelta;
    if (state.id === undefined || state.name === undefined) return [];
    const parts: LanguageModelV3StreamPart[] = [];
    if (!state.started) {
      state.started = true;
      parts.push({ type: 'tool-input-start', id: state.id, toolName: state.name });
    }
    if (state.pending !== '') {
      parts.push({ type: 'tool-input-delta', id: state.id, delta: state.pending });
      state.pending = '';
    }
    return parts;
  }

  #finish(chunk: Extract<RouteStreamChunk, { type: 'finish' }>): LanguageModelV3StreamPart[] {
    const parts: LanguageModelV3StreamPart[] = [];
    if (this.#textStarted) parts.push({ type: 'text-end', id: TEXT_ID });
    for (const call of chunk.message.toolCalls ?? []) {
      const streamed = [...this.#tools.values()].find((state) => state.id === call.id && state.started);
      if (!streamed) parts.push({ type: 'tool-input-start', id: call.id, toolName: call.name });
      parts.push({ type: 'tool-input-end', id: call.id });
      parts.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.arguments || '{}',
      });
    }
    parts.push({
      type: 'response-metadata',
      id: chunk.providerRequestId ?? chunk.requestId,
      modelId: `${chunk.providerId}/${chunk.model}`,
      timestamp: new Date(this.#now()),
    });
    parts.push({
      type: 'finish',
      usage: toUsage(chunk.usage),
      finishReason: toFinishReason(chunk.finishReason),
      providerMetadata: routerMetadata(chunk),
    });
    return parts;
  }
}
