import type { ObjectivePreset, RequestIntent, RouteResponse, ServedRequest } from '@apikeyrouter/core';
import { cacheDirective } from '../cache/cache-directive.js';
import { cacheKey } from '../cache/cache-key.js';
import { HttpFailure } from '../http/http-failure.js';
import { servedKeyId } from '../http/identity-headers.js';
import { listIterator, mapIterator } from '../http/sse-response.js';
import { replayEvents, type StreamEvent, streamEventOf } from '../http/stream-events.js';
import { answerOf, type GatewayAnswer } from '../openai/chat-response.js';
import { VIRTUAL_KEY_TAG } from '../runtime/gateway-runtime.js';
import { authorizeModels, enforceRate } from './admit-request.js';
import type { GatewayHost, RequestState } from './gateway-host.js';

/** A chat request ready to route: the intent, how, and the cache plan. */
export interface ChatPlan {
  intent: RequestIntent;
  objective: ObjectivePreset;
  cache: { read: boolean; storeMs: number; key: string | undefined };
}

/**
 * Admits a chat intent for the request's virtual key: config fallbacks, the key's tags (its budget is a tag
 * budget), the model allow-list (403), known models (404), the rate limit (429) and the cache plan.
 *
 * @example
 * const plan = await planChat(host, state, intent, body.objective, c.req.header('x-apikeyrouter-cache'));
 */
export async function planChat(
  host: GatewayHost,
  state: RequestState,
  intent: RequestIntent,
  objective: ObjectivePreset | undefined,
  cacheHeader: string | undefined,
): Promise<ChatPlan> {
  const { runtime, vk } = state;
  if (!vk) throw new HttpFailure(401, 'authentication_error', 'invalid_api_key', 'Missing gateway key');
  authorizeModels(runtime, vk, intent.model, intent.fallbackModels ?? []);
  const configured = runtime.config.routing.fallbackModels[intent.model];
  if (intent.fallbackModels === undefined && configured) intent.fallbackModels = [...configured];
  intent.tags = { ...vk.tags, [VIRTUAL_KEY_TAG]: vk.name };
  state.outcome.model = intent.model;
  await enforceRate(runtime, vk, host.clock.now());
  const resolved = objective ?? runtime.config.routing.objective;
  const directive = cacheDirective(cacheHeader, vk.cacheMaxAgeSeconds);
  const useCache = directive.read || directive.storeMs > 0;
  return {
    intent,
    objective: resolved,
    cache: { ...directive, key: useCache ? cacheKey(vk.name, 'chat', intent, resolved) : undefined },
  };
}

/** Fills the request outcome from the key that served it. */
export function bookServed(
  state: RequestState,
  served: ServedRequest,
  usage: { inputTokens: number; outputTokens: number },
): void {
  const outcome = state.outcome;
  outcome.provider = served.providerId;
  outcome.model = served.model;
  outcome.keyId = servedKeyId(served);
  outcome.attempts = served.attempts;
  outcome.cost = served.cost.amount.toFixed();
  outcome.inputTokens = usage.inputTokens;
  outcome.outputTokens = usage.outputTokens;
}

/** Fills the request outcome for a cache hit: zero cost, no key. */
function bookHit(state: RequestState, answer: GatewayAnswer): void {
  Object.assign(state.outcome, {
    model: answer.model,
    provider: 'cache',
    cost: '0',
    attempts: 0,
    cache: 'hit',
  });
}

/**
 * Answers a chat plan in one piece: from the cache when allowed and present, else through the router
 * (aborted when the client goes away), storing the answer when the plan says so.
 *
 * @example
 * const { answer, served } = await answerChat(host, state, plan, c.req.raw.signal);
 */
export async function answerChat(
  host: GatewayHost,
  state: RequestState,
  plan: ChatPlan,
  signal: AbortSignal,
): Promise<{ answer: GatewayAnswer; served: RouteResponse | undefined }> {
  const cached = await lookup(host, state, plan);
  if (cached) return { answer: cached, served: undefined };
  const served = await state.runtime.router.route(plan.intent, plan.objective, { signal });
  bookServed(state, served, served.usage);
  const answer = answerOf(served);
  await store(host, plan, answer);
  return { answer, served };
}

/**
 * The events of a streamed chat plan: a cached answer replayed, or the router's stream (the finish event
 * books the outcome and fills the cache).
 *
 * @example
 * const events = await streamChat(host, state, plan, upstream.signal);
 */
export async function streamChat(
  host: GatewayHost,
  state: RequestState,
  plan: ChatPlan,
  signal: AbortSignal,
): Promise<AsyncIterator<StreamEvent>> {
  const cached = await lookup(host, state, plan);
  if (cached) return listIterator(replayEvents(cached));
  const chunks = state.runtime.router.routeStream(plan.intent, plan.objective, {
    signal,
    // Known before the first chunk: the stream's response headers name the serving key like JSON answers do.
    onStreamOpen: (open) => {
      Object.assign(state.outcome, {
        provider: open.providerId,
        keyId: open.keyId,
        attempts: open.attempts,
        model: open.model,
      });
    },
  });
  return mapIterator(chunks[Symbol.asyncIterator](), (chunk) => {
    const event = streamEventOf(chunk);
    if (event.type === 'finish' && event.served) {
      bookServed(state, event.served, event.served.usage);
      void store(host, plan, event.answer);
    }
    return event;
  });
}

async function lookup(
  host: GatewayHost,
  state: RequestState,
  plan: ChatPlan,
): Promise<GatewayAnswer | undefined> {
  if (plan.cache.key === undefined) return undefined;
  const cached = plan.cache.read ? await host.cache.get(plan.cache.key) : undefined;
  if (cached) bookHit(state, cached);
  else state.outcome.cache = 'miss';
  return cached;
}

async function store(host: GatewayHost, plan: ChatPlan, answer: GatewayAnswer): Promise<void> {
  if (plan.cache.key === undefined || plan.cache.storeMs <= 0) return;
  await host.cache.set(plan.cache.key, answer, plan.cache.storeMs);
}
