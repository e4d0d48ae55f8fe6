import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import { chunkText } from '../../simulation/fake-reply.js';
import { writeSseEvent } from '../loopback-server.js';
import type { ChatAnswer } from './openai-chat-reply.js';
import { serverErrorBody } from './openai-error-bodies.js';

/**
 * The `chat.completion.chunk` payloads for an answer, as OpenAI sends them: a role chunk, content (or tool
 * call name then argument pieces), a chunk with `finish_reason`, then — with `include_usage` — one chunk with
 * `choices: []` and the usage (every other chunk then carries `usage: null`).
 *
 * @example
 * streamChunks(answer, { id: 'chatcmpl-1', model: 'gpt-4o', created: 0 }, true).length; // role + pieces + finish + usage
 */
export function streamChunks(
  answer: ChatAnswer,
  meta: { id: string; model: string; created: number },
  includeUsage: boolean,
): Record<string, unknown>[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      system_fingerprint: 'fp_fake0001',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (includeUsage) out.usage = null;
    return out;
  };
  const chunks = [chunk({ role: 'assistant', content: answer.toolCall ? null : '', refusal: null })];
  if (answer.toolCall) {
    const call = answer.toolCall;
    chunks.push(
      chunk({
        tool_calls: [
          { index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      }),
    );
    for (const piece of chunkText(call.arguments, 12)) {
      chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  } else if (answer.content !== '') {
    for (const piece of chunkText(answer.content)) chunks.push(chunk({ content: piece }));
  }
  chunks.push(chunk({}, answer.finishReason));
  if (includeUsage) {
    chunks.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      system_fingerprint: 'fp_fake0001',
      choices: [],
      usage: answer.usage,
    });
  }
  return chunks;
}

/** How a stream ends. */
export type StreamEnding = 'done' | 'cut' | 'error' | 'malformed';

/**
 * Writes chunks as SSE, pacing them on the clock, and ends the way asked: `data: [DONE]`, a cut socket half
 * way (no terminator), an error event after the first content chunk, or a malformed data line. Stops as soon as the
 * client goes away. Resolves true when every chunk was written and the stream was terminated properly.
 *
 * @example
 * await writeChatStream(response, chunks, { clock, delayMs: 0, ending: 'done' });
 */
export async function writeChatStream(
  response: ServerResponse,
  chunks: readonly Record<string, unknown>[],
  options: { clock: Clock; delayMs: number; ending: StreamEnding },
): Promise<boolean> {
  const stopAt = {
    done: chunks.length,
    cut: Math.max(1, Math.floor(chunks.length / 2)),
    error: Math.min(2, chunks.length),
    malformed: 1,
  }[options.ending];
  for (let i = 0; i < stopAt; i++) {
    if (response.destroyed) return false;
    if (i > 0 && options.delayMs > 0) await options.clock.sleep(options.delayMs);
    if (response.destroyed) return false;
    writeSseEvent(response, chunks[i]);
  }
  if (response.destroyed) return false;
  switch (options.ending) {
    case 'done':
      writeSseEvent(response, '[DONE]');
      response.end();
      return true;
    case 'cut':
      // Destroy once the written chunks are on the wire, so the client sees them and then the cut.
      await new Promise<void>((resolve) => response.write(': cut\n', () => resolve()));
      response.destroy();
      return false;
    case 'error':
      writeSseEvent(response, serverErrorBody());
      response.end();
      return false;
    case 'malformed':
      response.write(
        'data: {"id":"chatcmpl-x","object":"chat.completion.chunk","choices":[{"delta":{"content":"Hel\n\n',
      );
      response.end();
      return false;
  }
}
