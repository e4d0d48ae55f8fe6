import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import type { GatedKey, KeyGate } from '../key-gate.js';
import { startSse } from '../loopback-server.js';
import { completionBody, decideAnswer } from './openai-chat-reply.js';
import { streamChunks, writeChatStream } from './openai-chat-stream.js';
import { embeddingsBody, readEmbeddingsRequest } from './openai-embeddings.js';
import {
  badRequestReply,
  type FakeErrorReply,
  modelNotFoundReply,
  rateLimitReply,
} from './openai-error-bodies.js';
import type { OpenAIFakeFlavor } from './openai-fake-options.js';
import type { BodyFault } from './openai-fault.js';
import type { ChatPrompt } from './openai-prompt.js';
import { sendBody } from './openai-send-body.js';

/** Everything a route handler needs about the exchange in progress. */
export interface ExchangeContext {
  response: ServerResponse;
  key: GatedKey;
  label: string;
  gate: KeyGate;
  clock: Clock;
  /** Server being imitated. */
  flavor: OpenAIFakeFlavor;
  /** Model (or Azure deployment) the request names. */
  model: string;
  /** Common headers, rate limits included (computed when called). */
  headers: () => Record<string, string>;
  /** Sends an error reply and counts it. */
  fail: (reply: FakeErrorReply) => void;
  /** What a fault left to do. */
  plan: { contentFilter: boolean; bodyFault?: BodyFault };
  /** Served models, when restricted. */
  models: readonly string[] | undefined;
  chunkDelayMs: number;
  /** Request sequence number. */
  id: number;
  /** Counts open streams (+1 / -1). */
  onStream: (delta: number) => void;
  /** True when this key already sent this first message (prompt cache). */
  seenPrefix: (prefix: string) => boolean;
}

const DEFAULT_MODELS = ['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'text-embedding-3-small'];

function servesModel(context: ExchangeContext): boolean {
  return context.models === undefined || context.models.includes(context.model);
}

async function admitAndWait(
  context: ExchangeContext,
  tokens: number,
): Promise<((actual?: number) => void) | undefined> {
  const admission = context.key.limits.admit(tokens);
  if (!admission.ok) {
    context.fail(rateLimitReply(admission, context.model, context.flavor));
    return undefined;
  }
  if (context.key.latencyMs > 0) await context.clock.sleep(context.key.latencyMs);
  return admission.release;
}

/**
 * `POST /chat/completions`: validation, model check, hidden limits, latency, then a JSON answer or an SSE
 * stream (ending as the fault plan says).
 *
 * @example
 * await serveChat(context, readChatPrompt(request.body));
 */
export async function serveChat(
  context: ExchangeContext,
  prompt: ChatPrompt | { error: string; param: string },
): Promise<void> {
  if ('error' in prompt) return context.fail(badRequestReply(prompt.error, prompt.param));
  if (!servesModel(context)) return context.fail(modelNotFoundReply(context.model));
  const answer = decideAnswer(prompt, {
    callId: `call_fake${context.id}`,
    cached: context.seenPrefix(prompt.prefix),
    contentFilter: context.plan.contentFilter,
  });
  const release = await admitAndWait(
    context,
    prompt.promptTokens + (prompt.maxTokens ?? answer.outputTokens),
  );
  if (!release) return;
  const meta = {
    id: `chatcmpl-fake${context.id}`,
    model: context.model,
    created: Math.floor(context.clock.now() / 1000),
  };
  const tokens = { inputTokens: prompt.promptTokens, outputTokens: answer.outputTokens };
  if (!prompt.stream) {
    const ok = sendBody(
      context.response,
      completionBody(answer, meta),
      context.headers(),
      context.plan.bodyFault,
    );
    context.gate.stats.record(context.label, ok ? 'success' : 'error', ok ? tokens : undefined);
    release(prompt.promptTokens + answer.outputTokens);
    return;
  }
  context.onStream(1);
  context.response.once('close', () => context.onStream(-1));
  startSse(context.response, context.headers());
  const fault = context.plan.bodyFault;
  const done = await writeChatStream(context.response, streamChunks(answer, meta, prompt.includeUsage), {
    clock: context.clock,
    delayMs: context.chunkDelayMs,
    ending: fault === undefined ? 'done' : fault,
  });
  context.gate.stats.record(context.label, done ? 'success' : 'error', done ? tokens : undefined);
  release(prompt.promptTokens + answer.outputTokens);
}

/**
 * `POST /embeddings`: deterministic vectors (float or base64), limits counted on input tokens.
 *
 * @example
 * await serveEmbeddings(context, request.body);
 */
export async function serveEmbeddings(context: ExchangeContext, body: unknown): Promise<void> {
  const request = readEmbeddingsRequest(body);
  if ('error' in request) return context.fail(badRequestReply(request.error, request.param));
  if (!servesModel(context)) return context.fail(modelNotFoundReply(context.model));
  const release = await admitAndWait(context, request.tokens);
  if (!release) return;
  const ok = sendBody(context.response, embeddingsBody(request), context.headers(), context.plan.bodyFault);
  context.gate.stats.record(
    context.label,
    ok ? 'success' : 'error',
    ok ? { inputTokens: request.tokens, outputTokens: 0 } : undefined,
  );
  release(request.tokens);
}

/**
 * `GET /models`: the served models (or a default list) in OpenAI's list shape.
 *
 * @example
 * serveModels(context);
 */
export function serveModels(context: ExchangeContext): void {
  const ids = context.models ?? DEFAULT_MODELS;
  const body = {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })),
  };
  const ok = sendBody(context.response, body, context.headers(), context.plan.bodyFault);
  context.gate.stats.record(context.label, ok ? 'success' : 'error');
}
