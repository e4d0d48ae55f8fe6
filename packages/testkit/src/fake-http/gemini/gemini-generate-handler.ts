import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import { sendJson } from '../loopback-server.js';
import { answerGemini } from './gemini-answer.js';
import type { GeminiPlan } from './gemini-fault-plan.js';
import type { GeminiRequestView } from './gemini-request-view.js';
import {
  blockedPromptBody,
  generateContentBody,
  safetyBlockedBody,
  streamChunks,
} from './gemini-response-bodies.js';
import { type StreamOutcome, writeGeminiStream } from './gemini-stream-writer.js';

/** One admitted generate request. */
export interface GenerateExchange {
  /** Where to answer. */
  response: ServerResponse;
  /** The request, read. */
  view: GeminiRequestView;
  /** Model from the path. */
  model: string;
  /** `streamGenerateContent`. */
  stream: boolean;
  /** `alt=sse` was asked for (otherwise a stream is one JSON array). */
  sse: boolean;
  /** `responseId` to use. */
  responseId: string;
  /** A response-shaped fault to act out. */
  shape?: Extract<GeminiPlan, { type: 'shape' }>['shape'];
  /** The prompt matches `blockPromptsContaining`. */
  blocked: boolean;
  /** Clock and pause between stream chunks. */
  clock: Clock;
  /** Pause between stream chunks in ms. */
  chunkDelayMs: number;
}

/** How the exchange ended, for stats. */
export interface GenerateOutcome {
  /** `complete` counts as a success. */
  outcome: StreamOutcome;
  /** Tokens to count on success. */
  tokens: { inputTokens: number; outputTokens: number };
}

function cutBody(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.write(text.slice(0, Math.floor(text.length / 2)));
  response.socket?.destroy();
}

async function send(exchange: GenerateExchange, chunks: unknown[]): Promise<StreamOutcome> {
  const { response, stream, sse } = exchange;
  if (!stream) {
    sendJson(response, 200, chunks[0]);
    return 'complete';
  }
  if (!sse) {
    sendJson(response, 200, chunks);
    return 'complete';
  }
  const fault = exchange.shape === 'content_filter' ? undefined : exchange.shape;
  return writeGeminiStream(response, chunks, {
    clock: exchange.clock,
    chunkDelayMs: exchange.chunkDelayMs,
    fault,
  });
}

/**
 * Answers an admitted generate request: the echo answer (or function call) as JSON or SSE chunks, a
 * `promptFeedback` block, a SAFETY-stopped answer for `content_filter`, a non-JSON 200 for
 * `malformed_json`, a body cut mid-way for a non-streamed `stream_cut`.
 *
 * @example
 * const { outcome, tokens } = await respondGenerate(exchange);
 */
export async function respondGenerate(exchange: GenerateExchange): Promise<GenerateOutcome> {
  const { view, model, responseId, response } = exchange;
  if (exchange.blocked) {
    const outcome = await send(exchange, [blockedPromptBody(view.promptTokens, model, responseId)]);
    return { outcome, tokens: { inputTokens: view.promptTokens, outputTokens: 0 } };
  }
  const answer = answerGemini(view, model);
  const tokens = {
    inputTokens: answer.promptTokens,
    outputTokens: answer.candidatesTokens + (answer.thoughtsTokens ?? 0),
  };
  if (exchange.shape === 'content_filter') {
    const stopped = safetyBlockedBody(view.promptTokens, model, responseId);
    const chunks = exchange.stream ? [streamChunks(answer, model, responseId)[0], stopped] : [stopped];
    const outcome = await send(exchange, chunks);
    return { outcome, tokens: { inputTokens: view.promptTokens, outputTokens: 0 } };
  }
  if (!exchange.stream && exchange.shape === 'malformed_json') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"candidates": [{"content": {"parts": [{"text": "tr');
    return { outcome: 'faulted', tokens };
  }
  if (!exchange.stream && exchange.shape === 'stream_cut') {
    cutBody(response, generateContentBody(answer, model, responseId));
    return { outcome: 'faulted', tokens };
  }
  const chunks = exchange.stream
    ? streamChunks(answer, model, responseId)
    : [generateContentBody(answer, model, responseId)];
  return { outcome: await send(exchange, chunks), tokens };
}
