import type { ServerResponse } from 'node:http';
import { SystemClock } from '@apikeyrouter/core';
import { PrefixCache } from '../../simulation/prefix-cache.js';
import { FaultScript } from '../fault-script.js';
import { type GatedKey, KeyGate } from '../key-gate.js';
import { type FakeRequest, resetConnection, sendJson, startLoopbackServer } from '../loopback-server.js';
import { type FakeErrorReply, invalidUrlReply, unauthorizedReply } from './openai-error-bodies.js';
import type { OpenAIFakeOptions, OpenAIFakeProvider, OpenAIFakeRequestLog } from './openai-fake-options.js';
import { planFault } from './openai-fault.js';
import { type ExchangeContext, serveChat, serveEmbeddings, serveModels } from './openai-handlers.js';
import { readChatPrompt } from './openai-prompt.js';
import { openAIRateLimitHeaders } from './openai-rate-limit-headers.js';
import { keyOf, matchOpenAIRoute } from './openai-routes.js';

const LOG_LIMIT = 200;

function logEntry(request: FakeRequest): OpenAIFakeRequestLog {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'authorization' || name === 'api-key' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    headers,
    body: request.body,
  };
}

/**
 * Starts a loopback server that speaks OpenAI's chat-completions, embeddings and models API (or Groq's or
 * Azure's variant, see {@link OpenAIFakeOptions.flavor}): Bearer auth with OpenAI's 401 bodies, hidden
 * per-key limits answered with the right kind of 429, `x-ratelimit-*` headers on every keyed response,
 * SSE streams with `include_usage` and `data: [DONE]`, per-key latency on the clock and every scripted fault.
 *
 * @example
 * const fake = await startOpenAIFakeServer({ keys: { 'sk-a': { rpm: 60 } } });
 * const adapter = new OpenAIAdapter({ baseURL: `${fake.url}/v1` });
 * await fake.close();
 */
export async function startOpenAIFakeServer(options: OpenAIFakeOptions): Promise<OpenAIFakeProvider> {
  const clock = options.clock ?? new SystemClock();
  const flavor = options.flavor ?? 'openai';
  const gate = new KeyGate(options.keys, clock);
  const faults = new FaultScript(options.faults);
  const log: OpenAIFakeRequestLog[] = [];
  // Bounded and timed like the real cache: a prefix is cached per key for 5 minutes after its last use.
  const prefixes = new PrefixCache({}, () => clock.now());
  let sequence = 0;
  let active = 0;

  const handler = async (request: FakeRequest, response: ServerResponse): Promise<void> => {
    const id = ++sequence;
    const material = keyOf(request, flavor);
    const key: GatedKey | undefined = gate.lookup(material);
    const label = key?.label ?? 'unknown';
    gate.stats.record(label, 'pending');
    const headers = (): Record<string, string> => ({
      'x-request-id': `req_fake${id}`,
      'openai-version': '2020-10-01',
      'openai-organization': 'org-fake',
      'openai-processing-ms': String(key?.latencyMs ?? 0),
      ...(key ? openAIRateLimitHeaders(key.limits.snapshot(), flavor) : {}),
    });
    const fail = (reply: FakeErrorReply): void => {
      sendJson(response, reply.status, reply.body, { ...headers(), ...reply.headers });
      gate.stats.record(label, reply.status === 429 ? 'rate_limited' : 'error');
    };
    if (!key || material === undefined)
      return fail(unauthorizedReply(material, flavor, options.echoKey ?? 'masked'));
    log.push(logEntry(request));
    if (log.length > LOG_LIMIT) log.shift();
    const route = matchOpenAIRoute(request, flavor);
    if (!route) return fail(invalidUrlReply(request.method, request.path, flavor));
    const deployment = 'deployment' in route ? route.deployment : undefined;
    // Azure names the model by deployment in the path; the body's `model` is optional there.
    const payload: unknown =
      deployment && typeof request.body === 'object' && request.body !== null
        ? { ...request.body, model: deployment }
        : request.body;
    const body = payload as { model?: unknown; stream?: unknown } | undefined;
    const model = typeof body?.model === 'string' ? body.model : '';
    const stream = route.kind === 'chat' && body?.stream === true;
    const fault = faults.take(material, stream);
    const prompt = route.kind === 'chat' ? readChatPrompt(payload) : undefined;
    const plan = fault
      ? planFault(fault, {
          model,
          key: material,
          flavor,
          echo: options.echoKey ?? 'masked',
          promptTokens: prompt && 'model' in prompt ? prompt.promptTokens : 0,
          tpm: options.keys[material]?.tpm,
        })
      : { type: 'proceed' as const, delayMs: 0, contentFilter: false };
    if (plan.type === 'reply') return fail(plan.reply);
    if (plan.type === 'hang' || plan.type === 'reset') {
      gate.stats.record(label, 'error');
      if (plan.type === 'reset') resetConnection(response);
      return;
    }
    if (plan.delayMs > 0) await clock.sleep(plan.delayMs);
    const context: ExchangeContext = {
      response,
      key,
      label,
      gate,
      clock,
      flavor,
      model,
      headers,
      fail,
      plan,
      models: options.models,
      chunkDelayMs: options.chunkDelayMs ?? 0,
      id,
      onStream: (delta) => {
        active += delta;
      },
      seenPrefix: (prefix) => prefixes.seen(label, prefix),
    };
    if (route.kind === 'models') return serveModels(context);
    if (route.kind === 'embeddings') return serveEmbeddings(context, payload);
    return serveChat(context, prompt ?? readChatPrompt(payload));
  };

  const server = await startLoopbackServer(handler);
  return {
    url: server.url,
    faults,
    stats: () => gate.stats.snapshot(),
    close: () => server.close(),
    received: () => [...log],
    activeStreams: () => active,
  };
}
