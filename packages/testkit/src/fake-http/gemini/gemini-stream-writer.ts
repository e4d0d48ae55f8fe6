import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import { startSse } from '../loopback-server.js';
import { geminiErrors } from './gemini-error-bodies.js';

/** How a streamed answer ended. */
export type StreamOutcome = 'complete' | 'cancelled' | 'faulted';

/** Options of {@link writeGeminiStream}. */
export interface GeminiStreamWrite {
  /** Clock for the pause between chunks. */
  clock: Clock;
  /** Pause before each chunk after the first, in ms. */
  chunkDelayMs: number;
  /** A fault to act out mid-stream. */
  fault?: 'stream_cut' | 'error_after_200' | 'malformed_json';
}

// Gemini terminates events with CRLF pairs; writing them exactly keeps adapters honest about line endings.
function writeEvent(response: ServerResponse, payload: string): void {
  response.write(`data: ${payload}\r\n\r\n`);
}

/**
 * Writes chunks as Gemini's `alt=sse` stream: `data: <json>\r\n\r\n` per chunk and no terminator (the stream
 * just ends after the chunk carrying `finishReason`). Faults: `stream_cut` ends after half the chunks,
 * `error_after_200` sends one chunk then `data: {"error": {…503 UNAVAILABLE}}`, `malformed_json` one chunk
 * then a truncated JSON event. Stops early, reporting `cancelled`, when the client goes away.
 *
 * @example
 * const outcome = await writeGeminiStream(response, chunks, { clock, chunkDelayMs: 0 });
 */
export async function writeGeminiStream(
  response: ServerResponse,
  chunks: readonly unknown[],
  options: GeminiStreamWrite,
): Promise<StreamOutcome> {
  let gone = false;
  response.once('close', () => {
    if (!response.writableFinished) gone = true;
  });
  startSse(response);
  // A cut must never include the chunk carrying `finishReason`: a one-chunk reply is cut by sending that
  // chunk without it, so the client sees a stream that stopped before its end.
  const cut = options.fault === 'stream_cut' ? cutChunks(chunks) : undefined;
  const sent = cut ?? (options.fault ? chunks.slice(0, 1) : chunks);
  for (let i = 0; i < sent.length; i++) {
    if (i > 0 && options.chunkDelayMs > 0) await options.clock.sleep(options.chunkDelayMs);
    if (gone || response.destroyed) return 'cancelled';
    writeEvent(response, JSON.stringify(sent[i]));
  }
  if (options.fault === 'error_after_200') writeEvent(response, JSON.stringify(geminiErrors.unavailable()));
  if (options.fault === 'malformed_json')
    writeEvent(response, '{"candidates": [{"content": {"parts": [{"text": "tr');
  if (gone || response.destroyed) return 'cancelled';
  response.end();
  return options.fault ? 'faulted' : 'complete';
}

function withoutFinish(chunk: unknown): unknown {
  const candidates = (chunk as { candidates?: unknown[] } | null)?.candidates;
  if (!Array.isArray(candidates)) return chunk;
  return {
    ...(chunk as object),
    candidates: candidates.map((candidate) => {
      const { finishReason: _dropped, ...rest } = candidate as { finishReason?: unknown };
      return rest;
    }),
    usageMetadata: undefined,
  };
}

function cutChunks(chunks: readonly unknown[]): unknown[] {
  const half = Math.floor(chunks.length / 2);
  if (half > 0) return chunks.slice(0, half);
  return chunks.length > 0 ? [withoutFinish(chunks[0])] : [];
}
