import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import { chunkText } from '../../simulation/fake-reply.js';
import { sendJson, startNdjson, writeNdjsonLine } from '../loopback-server.js';
import { OLLAMA_FAKE_MESSAGES } from './ollama-fake-errors.js';
import type { FakeChatReply } from './ollama-fake-reply.js';

/** How a successful answer is delivered: normally, or shaped by a scripted fault. */
export type ChatVariant = 'normal' | 'content_filter' | 'malformed_json' | 'stream_cut' | 'error_after_200';

/** Everything needed to write one chat answer. */
export interface ChatAnswer {
  model: string;
  reply: FakeChatReply;
  variant: ChatVariant;
  clock: Clock;
  /** Delay between stream lines. */
  lineDelayMs: number;
}

const alive = (response: ServerResponse) => !response.destroyed && !response.writableEnded;

function head(answer: ChatAnswer) {
  return { model: answer.model, created_at: new Date(answer.clock.now()).toISOString() };
}

/** Ollama's final fields: counts and durations in nanoseconds (deterministic here). */
function finalFields(answer: ChatAnswer) {
  const { reply } = answer;
  const filtered = answer.variant === 'content_filter';
  const promptNs = reply.promptTokens * 100_000;
  const evalNs = reply.outputTokens * 20_000_000;
  return {
    done: true,
    done_reason: filtered ? 'content_filter' : reply.doneReason,
    total_duration: 1_000_000 + promptNs + evalNs,
    load_duration: 1_000_000,
    prompt_eval_count: reply.promptTokens,
    prompt_eval_duration: promptNs,
    eval_count: filtered ? 0 : reply.outputTokens,
    eval_duration: filtered ? 0 : evalNs,
  };
}

/**
 * Writes a non-streamed `/api/chat` answer (`stream: false`).
 *
 * @example
 * writeChatJson(res, { model: 'llama3.2', reply, variant: 'normal', clock, lineDelayMs: 0 });
 */
export function writeChatJson(response: ServerResponse, answer: ChatAnswer): void {
  if (!alive(response)) return;
  const filtered = answer.variant === 'content_filter';
  const message: Record<string, unknown> = { role: 'assistant', content: filtered ? '' : answer.reply.text };
  if (!filtered && answer.reply.toolCalls.length > 0) message.tool_calls = answer.reply.toolCalls;
  const body = { ...head(answer), message, ...finalFields(answer) };
  if (answer.variant === 'malformed_json') {
    const text = JSON.stringify(body);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  if (answer.variant === 'stream_cut') {
    // Non-streamed, the closest cut is a body that stops short of its announced length.
    const text = JSON.stringify(body);
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    response.write(text.slice(0, Math.floor(text.length / 2)), () => response.destroy());
    return;
  }
  sendJson(response, 200, body, { 'content-type': 'application/json; charset=utf-8' });
}

/**
 * Writes a streamed `/api/chat` answer as NDJSON: text lines, one line per tool call set, the `done: true`
 * line. Fault variants: `malformed_json` sends a broken line, `stream_cut` ends without the final line,
 * `error_after_200` sends Ollama's `{"error": …}` line, `content_filter` ends at once with `done_reason`
 * `content_filter`.
 *
 * @example
 * await writeChatStream(res, { model: 'llama3.2', reply, variant: 'normal', clock, lineDelayMs: 0 });
 */
export async function writeChatStream(response: ServerResponse, answer: ChatAnswer): Promise<void> {
  if (!alive(response)) return;
  startNdjson(response);
  const lines: unknown[] = [];
  const { reply, variant } = answer;
  if (variant !== 'content_filter') {
    if (reply.text !== '') {
      for (const chunk of chunkText(reply.text)) {
        lines.push({ ...head(answer), message: { role: 'assistant', content: chunk }, done: false });
      }
    }
    if (reply.toolCalls.length > 0) {
      lines.push({
        ...head(answer),
        message: { role: 'assistant', content: '', tool_calls: reply.toolCalls },
        done: false,
      });
    }
  }
  const keep = Math.max(1, Math.floor(lines.length / 2));
  if (variant === 'stream_cut' || variant === 'error_after_200' || variant === 'malformed_json') {
    lines.length = Math.min(lines.length, keep);
  }
  if (variant === 'error_after_200') lines.push({ error: OLLAMA_FAKE_MESSAGES.midStream });
  if (variant === 'normal' || variant === 'content_filter') {
    lines.push({ ...head(answer), message: { role: 'assistant', content: '' }, ...finalFields(answer) });
  }
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && answer.lineDelayMs > 0) await answer.clock.sleep(answer.lineDelayMs);
    if (!alive(response)) return;
    writeNdjsonLine(response, lines[i]);
  }
  if (variant === 'malformed_json' && alive(response)) response.write('{"model":"broken",\n');
  if (alive(response)) response.end();
}
