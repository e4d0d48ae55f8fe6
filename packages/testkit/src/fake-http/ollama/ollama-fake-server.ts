import type { ServerResponse } from 'node:http';
import { SystemClock } from '@apikeyrouter/core';
import { KeyLimitEnforcer } from '../../limits/key-limit-enforcer.js';
import { FaultScript } from '../fault-script.js';
import { KeyGate } from '../key-gate.js';
import { type FakeRequest, resetConnection, startLoopbackServer } from '../loopback-server.js';
import { answerChat, answerEmbed, checkEmbed } from './ollama-fake-answers.js';
import type { ChatVariant } from './ollama-fake-chat.js';
import type { OllamaFakeContext } from './ollama-fake-context.js';
import { faultError, modelNotFound, OLLAMA_FAKE_MESSAGES, sendOllamaError } from './ollama-fake-errors.js';
import type { OllamaFakeOptions, OllamaFakeProvider } from './ollama-fake-options.js';
import type { FakeChatRequest } from './ollama-fake-reply.js';

const SHAPING_FAULTS = new Set<string>(['content_filter', 'malformed_json', 'stream_cut', 'error_after_200']);

function bearer(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

function record(context: OllamaFakeContext, request: FakeRequest, token: string | undefined): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'authorization' && typeof value === 'string') headers[name] = value;
  }
  context.received.push({ path: request.path, body: request.body, bearer: token !== undefined, headers });
}

function servesModel(models: readonly string[] | undefined, model: string): boolean {
  if (!models) return true;
  const bare = model.endsWith(':latest') ? model.slice(0, -':latest'.length) : model;
  return models.some((m) => m === model || m === bare || m === `${bare}:latest`);
}

/** Reads an /api/chat body loosely; returns the 400 message when it is not one. */
function readChat(body: unknown): FakeChatRequest | string {
  if (body === null || typeof body !== 'object') return 'invalid character looking for beginning of value';
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') return 'model is required';
  const messages = b.messages ?? [];
  if (!Array.isArray(messages) || messages.some((m) => m === null || typeof m !== 'object')) {
    return OLLAMA_FAKE_MESSAGES.badRequest;
  }
  return {
    model: b.model,
    messages: messages as FakeChatRequest['messages'],
    tools: Array.isArray(b.tools) ? (b.tools as FakeChatRequest['tools']) : undefined,
    format: b.format,
    options: (b.options ?? {}) as FakeChatRequest['options'],
    // Ollama streams unless told otherwise.
    stream: b.stream !== false,
  };
}

async function handle(
  context: OllamaFakeContext,
  request: FakeRequest,
  response: ServerResponse,
): Promise<void> {
  if (request.method === 'GET' && request.path === '/') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('Ollama is running');
    return;
  }
  if (request.method !== 'POST' || (request.path !== '/api/chat' && request.path !== '/api/embed')) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('404 page not found');
    return;
  }
  const token = bearer(request);
  record(context, request, token);
  const key = context.keyless ?? context.gate.lookup(token);
  const stats = context.gate.stats;
  if (!key) {
    stats.record('unauthenticated', 'pending');
    stats.record('unauthenticated', 'error');
    sendOllamaError(response, { status: 401, message: OLLAMA_FAKE_MESSAGES.unauthorized });
    return;
  }
  stats.record(key.label, 'pending');
  const isChat = request.path === '/api/chat';
  const chat = isChat ? readChat(request.body) : undefined;
  const stream = typeof chat === 'object' && chat.stream;
  const model =
    typeof chat === 'object' ? chat.model : String((request.body as { model?: unknown })?.model ?? '');
  const fault = context.faults.take(token ?? '', stream);
  if (key.latencyMs > 0) await context.clock.sleep(key.latencyMs);
  if (fault?.kind === 'timeout') {
    stats.record(key.label, 'error');
    return;
  }
  if (fault?.kind === 'connection_reset') {
    stats.record(key.label, 'error');
    resetConnection(response);
    return;
  }
  const early = fault ? faultError(fault, model, stream) : undefined;
  if (early) {
    stats.record(key.label, early.status === 429 ? 'rate_limited' : 'error');
    sendOllamaError(response, early);
    return;
  }
  if (fault?.kind === 'slow') await context.clock.sleep(fault.delayMs ?? 1000);
  const invalid = typeof chat === 'string' ? chat : isChat ? undefined : checkEmbed(request.body);
  if (invalid !== undefined) {
    stats.record(key.label, 'error');
    sendOllamaError(response, { status: 400, message: invalid });
    return;
  }
  if (!servesModel(context.options.models, model)) {
    stats.record(key.label, 'error');
    sendOllamaError(response, { status: 404, message: modelNotFound(model) });
    return;
  }
  const variant: ChatVariant =
    fault && SHAPING_FAULTS.has(fault.kind) ? (fault.kind as ChatVariant) : 'normal';
  if (typeof chat === 'object') await answerChat(context, key, chat, variant, response);
  else
    answerEmbed(context, key, request.body as { model: string; input: string | string[] }, variant, response);
}

/**
 * Starts a simulated Ollama on 127.0.0.1: `POST /api/chat` (NDJSON stream by default, JSON with
 * `stream: false`), `POST /api/embed`, `GET /`. Without keys it is a bare local Ollama (label `local`, no
 * limits); with keys it is Ollama behind an authenticating proxy (Bearer auth; unknown keys get 401 and are
 * counted as `unauthenticated`; hidden limits answer 429 `{"error"}` with `retry-after`). Ollama sends no
 * rate-limit headers, so none are sent. Faults Ollama itself lacks map to the closest real behaviour:
 * rate_limit / quota_exhausted / request_too_large / unauthorized / forbidden are the proxy's 4xx,
 * content_filter is a 200 with `done_reason: "content_filter"`, overloaded is Ollama's 503 "server busy", and
 * non-streamed error_after_200 is a 500 (docs/providers.md (Ollama section) has the full table).
 *
 * @example
 * const fake = await startOllamaFakeServer({ keys: {}, models: ['llama3.2'] });
 * const adapter = new OllamaAdapter({ baseURL: fake.url });
 * await fake.close();
 */
export async function startOllamaFakeServer(options: OllamaFakeOptions = {}): Promise<OllamaFakeProvider> {
  const clock = options.clock ?? new SystemClock();
  const keys = options.keys ?? {};
  const gate = new KeyGate(keys, clock);
  const keyless =
    Object.keys(keys).length === 0
      ? { label: 'local', limits: new KeyLimitEnforcer({}, () => clock.now()), latencyMs: 0 }
      : undefined;
  const context: OllamaFakeContext = {
    gate,
    keyless,
    faults: new FaultScript(options.faults),
    clock,
    options,
    received: [],
  };
  const server = await startLoopbackServer((request, response) => handle(context, request, response));
  return {
    url: server.url,
    faults: context.faults,
    stats: () => gate.stats.snapshot(),
    received: () => context.received.map((entry) => ({ ...entry, headers: { ...entry.headers } })),
    close: () => server.close(),
  };
}
