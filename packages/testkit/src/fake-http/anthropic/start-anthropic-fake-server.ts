import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type Clock, SystemClock } from '@apikeyrouter/core';
import { FaultScript, type FaultSpec } from '../fault-script.js';
import { type GatedKey, KeyGate } from '../key-gate.js';
import {
  type FakeRequest,
  resetConnection,
  sendJson,
  startLoopbackServer,
  startSse,
} from '../loopback-server.js';
import { errorFault, type FakeErrorAnswer } from './anthropic-error-faults.js';
import { sendAnthropicError } from './anthropic-error-response.js';
import { AnthropicFakeIds } from './anthropic-fake-ids.js';
import { buildFakeReply, type FakeReplyMessage, refuseReply } from './anthropic-fake-reply.js';
import { type FakeMessagesRequest, readMessagesRequest } from './anthropic-fake-request.js';
import type {
  AnthropicFakeOptions,
  AnthropicFakeProvider,
  RecordedAnthropicRequest,
} from './anthropic-fake-types.js';
import { limitRejection } from './anthropic-limit-rejection.js';
import { PromptCache } from './anthropic-prompt-cache.js';
import { promptTokens } from './anthropic-prompt-tokens.js';
import { anthropicRateLimitHeaders } from './anthropic-rate-limit-headers.js';
import { brokenStreamEvents, messageEvents } from './anthropic-stream-events.js';
import { checkToolPairing } from './anthropic-tool-pairing.js';
import { StreamTracker } from './stream-tracker.js';
import { writeSseEvents } from './write-sse-events.js';

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const SECRET_HEADERS = new Set(['x-api-key', 'authorization']);

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Anthropic takes the key as `x-api-key`; recent official SDKs send it as `Authorization: Bearer`. */
function keyMaterial(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headerText(headers['x-api-key']);
  if (apiKey !== undefined) return apiKey;
  const bearer = /^Bearer (.+)$/i.exec(headerText(headers.authorization) ?? '');
  return bearer?.[1];
}

function breakageOf(fault: FaultSpec | undefined): 'cut' | 'error' | 'malformed' | undefined {
  if (fault?.kind === 'stream_cut') return 'cut';
  if (fault?.kind === 'error_after_200') return 'error';
  if (fault?.kind === 'malformed_json') return 'malformed';
  return undefined;
}

interface Exchange {
  request: FakeRequest;
  response: ServerResponse;
  requestId: string;
  label: string;
}

/**
 * Starts a loopback server that speaks the Anthropic Messages API: `x-api-key` (or `Authorization: Bearer`) auth (401
 * `authentication_error` for unknown keys), the required `anthropic-version` header, request validation,
 * tool_use/tool_result pairing, `anthropic-ratelimit-*` headers from each key's hidden limits, Anthropic
 * error bodies, SSE streams with named events, prompt caching via `cache_control`, per-key latency on the
 * clock, and every fault kind rendered as Anthropic would (see the fault files for the mapping).
 *
 * @example
 * const fake = await startAnthropicFakeServer({ keys: { 'sk-ant-a': { rpm: 50 } } });
 * const adapter = new AnthropicAdapter({ baseURL: fake.url });
 * await fake.close();
 */
export async function startAnthropicFakeServer(
  options: AnthropicFakeOptions,
): Promise<AnthropicFakeProvider> {
  const clock: Clock = options.clock ?? new SystemClock();
  const gate = new KeyGate(options.keys, clock);
  const faults = new FaultScript(options.faults ?? []);
  const ids = new AnthropicFakeIds();
  const cache = new PromptCache(options.minCacheableTokens ?? 1024, () => clock.now());
  const streams = new StreamTracker();
  const recorded: RecordedAnthropicRequest[] = [];
  const contextWindow = options.contextWindow ?? 200_000;
  const delayMs = options.streamEventDelayMs ?? 0;

  const fail = (exchange: Exchange, answer: FakeErrorAnswer, headers: Record<string, string> = {}) => {
    gate.stats.record(exchange.label, answer.type === 'rate_limit_error' ? 'rate_limited' : 'error');
    sendAnthropicError(exchange.response, answer.type, answer.message, exchange.requestId, {
      ...headers,
      ...answer.headers,
    });
  };
  const invalid = (message: string): FakeErrorAnswer => ({
    type: 'invalid_request_error',
    message,
    headers: {},
  });

  const reply = async (
    exchange: Exchange,
    parsed: FakeMessagesRequest,
    message: FakeReplyMessage,
    fault: FaultSpec | undefined,
    headers: Record<string, string>,
  ) => {
    const { response, label } = exchange;
    const usage = message.usage;
    const tokens = {
      inputTokens: usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens,
      outputTokens: usage.output_tokens,
    };
    const breakage = breakageOf(fault);
    if (!parsed.stream) {
      if (breakage === 'error') {
        // A JSON answer cannot fail after its 200; the closest real behaviour is a 529 up front.
        return fail(exchange, { type: 'overloaded_error', message: 'Overloaded', headers: {} }, headers);
      }
      if (breakage === undefined) {
        gate.stats.record(label, 'success', tokens);
        return sendJson(response, 200, message, headers);
      }
      gate.stats.record(label, 'error');
      const text = JSON.stringify(message);
      const half = text.slice(0, Math.floor(text.length / 2));
      // malformed: a complete 200 whose body is truncated JSON; cut: the connection drops mid-body.
      const declared = breakage === 'malformed' ? half : text;
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(declared)),
        ...headers,
      });
      if (breakage === 'malformed') return void response.end(half);
      response.write(half);
      return resetConnection(response);
    }
    const index = streams.begin();
    response.on('close', () => streams.end(index, response.writableFinished ? 'completed' : 'cancelled'));
    startSse(response, headers);
    const events = breakage
      ? brokenStreamEvents(message, breakage, exchange.requestId)
      : messageEvents(message);
    gate.stats.record(label, breakage ? 'error' : 'success', breakage ? undefined : tokens);
    await writeSseEvents(response, events, { clock, delayMs });
  };

  const answer = async (exchange: Exchange, key: GatedKey, material: string) => {
    const { request } = exchange;
    if (headerText(request.headers['anthropic-version']) === undefined) {
      return fail(exchange, invalid('anthropic-version: header is required'));
    }
    const parsed =
      request.body === undefined && request.rawBody !== ''
        ? { error: 'There was an error parsing the body of your request' }
        : readMessagesRequest(request.body);
    if ('error' in parsed) return fail(exchange, invalid(parsed.error));
    const pairing = checkToolPairing(parsed.turns);
    if (pairing !== undefined) return fail(exchange, invalid(pairing));
    const limitHeaders = () => anthropicRateLimitHeaders(key.limits.snapshot(), clock.now());
    if (options.models && !options.models.includes(parsed.model)) {
      return fail(
        exchange,
        { type: 'not_found_error', message: `model: ${parsed.model}`, headers: {} },
        limitHeaders(),
      );
    }
    const fault = faults.take(material, parsed.stream);
    const injected = fault ? errorFault(fault, { model: parsed.model, now: clock.now() }) : undefined;
    if (injected) return fail(exchange, injected, limitHeaders());
    if (fault?.kind === 'connection_reset') {
      gate.stats.record(exchange.label, 'error');
      return resetConnection(exchange.response);
    }
    const prompt = promptTokens(parsed);
    if (prompt.total > contextWindow) {
      return fail(exchange, invalid(`prompt is too long: ${prompt.total} tokens > ${contextWindow} maximum`));
    }
    const admission = key.limits.admit(prompt.total + parsed.maxTokens);
    if (!admission.ok) return fail(exchange, limitRejection(admission, clock.now()), limitHeaders());
    let actualTokens: number | undefined;
    exchange.response.on('close', () => admission.release(actualTokens));
    const headers = { 'request-id': exchange.requestId, ...limitHeaders() };
    if (key.latencyMs > 0) await clock.sleep(key.latencyMs);
    if (fault?.kind === 'slow') await clock.sleep(fault.delayMs ?? 1000);
    if (fault?.kind === 'timeout') {
      // Never answers; the client gives up, or close() ends the socket.
      gate.stats.record(exchange.label, 'error');
      return;
    }
    const cacheUse = cache.use(exchange.label, parsed.model, prompt.prefixKey, prompt.prefix);
    let message = buildFakeReply(parsed, ids, prompt.total, cacheUse);
    if (fault?.kind === 'content_filter') message = refuseReply(message);
    actualTokens = prompt.total + message.usage.output_tokens;
    await reply(exchange, parsed, message, fault, headers);
  };

  const server = await startLoopbackServer(async (request, response) => {
    const requestId = ids.next('req');
    if (request.method !== 'POST' || request.path !== '/v1/messages') {
      return sendAnthropicError(response, 'not_found_error', 'Not Found', requestId);
    }
    recorded.push({ path: request.path, headers: redactHeaders(request.headers), body: request.body });
    const material = keyMaterial(request.headers);
    const key = gate.lookup(material);
    const exchange: Exchange = { request, response, requestId, label: key?.label ?? 'unknown' };
    gate.stats.record(exchange.label, 'pending');
    if (!key || material === undefined) {
      return fail(exchange, { type: 'authentication_error', message: 'invalid x-api-key', headers: {} });
    }
    await answer(exchange, key, material);
  });

  return {
    url: server.url,
    faults,
    stats: () => gate.stats.snapshot(),
    close: () => server.close(),
    streamEnded: (index) => streams.ended(index),
    requests: () => recorded.map((entry) => ({ ...entry, headers: { ...entry.headers } })),
  };
}
