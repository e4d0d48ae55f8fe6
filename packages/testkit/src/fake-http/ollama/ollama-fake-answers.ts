import type { ServerResponse } from 'node:http';
import type { GatedKey } from '../key-gate.js';
import { sendJson } from '../loopback-server.js';
import { type ChatVariant, writeChatJson, writeChatStream } from './ollama-fake-chat.js';
import type { OllamaFakeContext } from './ollama-fake-context.js';
import { fakeEmbeddings } from './ollama-fake-embed.js';
import { limitRejection, sendOllamaError } from './ollama-fake-errors.js';
import { type FakeChatRequest, fakeChatReply } from './ollama-fake-reply.js';

/**
 * Why an `/api/embed` body is invalid, or undefined when it is fine.
 *
 * @example
 * checkEmbed({ model: 'nomic-embed-text', input: ['a'] }); // undefined
 */
export function checkEmbed(body: unknown): string | undefined {
  const b = body as { model?: unknown; input?: unknown } | undefined;
  if (typeof b?.model !== 'string' || b.model === '') return 'model is required';
  const input = b.input;
  if (typeof input === 'string') return undefined;
  if (Array.isArray(input) && input.every((x) => typeof x === 'string')) return undefined;
  return 'invalid input type';
}

/**
 * Answers an `/api/chat` request that passed auth and faults: admits it against the key's hidden limits, then
 * writes the JSON or NDJSON answer (or its fault-shaped variant) and counts it.
 *
 * @example
 * await answerChat(context, key, chat, 'normal', response);
 */
export async function answerChat(
  context: OllamaFakeContext,
  key: GatedKey,
  chat: FakeChatRequest,
  variant: ChatVariant,
  response: ServerResponse,
): Promise<void> {
  const stats = context.gate.stats;
  if (chat.messages.length === 0) {
    // An empty conversation only loads the model, as in Ollama.
    stats.record(key.label, 'success', { inputTokens: 0, outputTokens: 0 });
    sendJson(response, 200, {
      model: chat.model,
      created_at: new Date(context.clock.now()).toISOString(),
      message: { role: 'assistant', content: '' },
      done_reason: 'load',
      done: true,
    });
    return;
  }
  const reply = fakeChatReply(chat);
  const maxTokens = chat.options?.num_predict;
  const admission = key.limits.admit(
    reply.promptTokens + (typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : reply.outputTokens),
  );
  if (!admission.ok) {
    const rejection = limitRejection(admission);
    stats.record(key.label, 'rate_limited');
    sendOllamaError(response, rejection);
    return;
  }
  const tokens = { inputTokens: reply.promptTokens, outputTokens: reply.outputTokens };
  try {
    const answer = {
      model: chat.model,
      reply,
      variant,
      clock: context.clock,
      lineDelayMs: context.options.streamLineDelayMs ?? 0,
    };
    if (chat.stream) await writeChatStream(response, answer);
    else writeChatJson(response, answer);
    const failed = variant !== 'normal' && variant !== 'content_filter';
    stats.record(key.label, failed ? 'error' : 'success', failed ? undefined : tokens);
  } finally {
    admission.release(reply.promptTokens + reply.outputTokens);
  }
}

/**
 * Answers an `/api/embed` request: deterministic vectors, admitted against the key's hidden limits.
 *
 * @example
 * answerEmbed(context, key, { model: 'nomic-embed-text', input: ['a'] }, 'normal', response);
 */
export function answerEmbed(
  context: OllamaFakeContext,
  key: GatedKey,
  body: { model: string; input: string | string[] },
  variant: ChatVariant,
  response: ServerResponse,
): void {
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  const { embeddings, promptTokens } = fakeEmbeddings(inputs, context.options.embeddingDimensions ?? 8);
  const admission = key.limits.admit(promptTokens);
  if (!admission.ok) {
    context.gate.stats.record(key.label, 'rate_limited');
    sendOllamaError(response, limitRejection(admission));
    return;
  }
  admission.release(promptTokens);
  if (variant === 'malformed_json' || variant === 'stream_cut') {
    context.gate.stats.record(key.label, 'error');
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end('{"model":"');
    return;
  }
  context.gate.stats.record(key.label, 'success', { inputTokens: promptTokens, outputTokens: 0 });
  sendJson(response, 200, {
    model: body.model,
    embeddings,
    total_duration: 1_000_000 + promptTokens * 100_000,
    load_duration: 1_000_000,
    prompt_eval_count: promptTokens,
  });
}
