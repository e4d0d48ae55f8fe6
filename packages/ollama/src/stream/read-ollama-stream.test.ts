import { VirtualClock } from '@apikeyrouter/core';
import { type AdapterStreamPart, createCallSignal, RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { readOllamaStream } from './read-ollama-stream.js';

function body(chunks: string[], onCancel?: () => void, error?: unknown): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (error !== undefined) controller.error(error);
      else controller.close();
    },
    cancel() {
      onCancel?.();
    },
  });
}

const text = (t: string) =>
  `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content: t }, done: false })}\n`;
const done = `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 1, eval_count: 2 })}\n`;

async function drain(
  parts: AsyncIterable<AdapterStreamPart>,
): Promise<{ parts: AdapterStreamPart[]; error?: RouterError }> {
  const out: AdapterStreamPart[] = [];
  try {
    for await (const part of parts) out.push(part);
  } catch (error) {
    if (!RouterError.isInstance(error)) throw error;
    return { parts: out, error };
  }
  return { parts: out };
}

const context = { providerId: 'ollama', requestedModel: 'm', now: () => 0 };

describe('readOllamaStream', () => {
  it('yields every part across chunks, then ends', async () => {
    const result = await drain(
      readOllamaStream({ ...context, body: body([text('a') + text('b'), text('c'), done]) }),
    );
    expect(result.error).toBeUndefined();
    expect(result.parts.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual([
      'a',
      'b',
      'c',
      'finish',
    ]);
  });

  it('delivers the parts before a failing line, then throws it', async () => {
    const result = await drain(
      readOllamaStream({
        ...context,
        body: body([`${text('a')}${text('b')}{"error":"boom"}\n${text('never')}`]),
      }),
    );
    expect(result.parts).toEqual([
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'b' },
    ]);
    expect([result.error?.category, result.error?.message]).toEqual([
      'provider',
      'ollama stream error: boom',
    ]);
  });

  it('turns a body error into a network RouterError and a missing done line into stream_cut', async () => {
    const broken = await drain(
      readOllamaStream({ ...context, body: body([text('a')], undefined, new TypeError('terminated')) }),
    );
    expect([broken.parts.length, broken.error?.category]).toEqual([1, 'network']);
    const cut = await drain(readOllamaStream({ ...context, body: body([text('a')]) }));
    expect([cut.error?.category, cut.error?.code]).toEqual(['network', 'stream_cut']);
  });

  it('cancels the body and disposes the call timer when closed early, and stays closed', async () => {
    const clock = new VirtualClock();
    const callSignal = createCallSignal(new AbortController().signal, 1000, clock);
    let cancelled = false;
    const parts = readOllamaStream({
      ...context,
      callSignal,
      body: body([text('a'), text('b'), done], () => {
        cancelled = true;
      }),
    });
    for await (const _ of parts) break;
    expect([cancelled, clock.pendingTimers]).toEqual([true, 0]);
    expect(await parts.next()).toEqual({ done: true, value: undefined });
  });

  it('cancels the body when closed before the first read', async () => {
    let cancelled = false;
    const parts = readOllamaStream({
      ...context,
      body: body([text('a')], () => {
        cancelled = true;
      }),
    });
    expect(await parts.return?.()).toEqual({ done: true, value: undefined });
    expect(cancelled).toBe(true);
  });

  it('disposes the call timer when the stream completes or fails', async () => {
    const clock = new VirtualClock();
    for (const chunks of [[text('a'), done], [text('a')]]) {
      const callSignal = createCallSignal(new AbortController().signal, 1000, clock);
      await drain(readOllamaStream({ ...context, callSignal, body: body(chunks) }));
    }
    expect(clock.pendingTimers).toBe(0);
  });
});
