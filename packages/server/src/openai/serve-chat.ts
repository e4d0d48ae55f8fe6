import type { Context } from 'hono';
import { answerChat, planChat, streamChat } from '../app/chat-pipeline.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import { requestText, streamHooks, upstreamSignal, wantsExplanation } from '../app/request-helpers.js';
import { identityHeaders, streamIdentityHeaders } from '../http/identity-headers.js';
import { jsonResponse } from '../http/json-response.js';
import { decodeJsonObject, parseWire } from '../http/parse-wire.js';
import { sseResponse } from '../http/sse-response.js';
import { chatCompletionBody } from './chat-response.js';
import { OpenAIStreamEncoder } from './chat-stream-encoder.js';
import { chatToIntent } from './chat-to-intent.js';
import { chatWireSchema } from './chat-wire-schema.js';

/**
 * `POST /v1/chat/completions`: an OpenAI chat completion, in one piece or as SSE, through the router.
 *
 * @example
 * app.post('/v1/chat/completions', (c) => serveChat(c, host));
 */
export async function serveChat(c: Context<GatewayEnv>, host: GatewayHost): Promise<Response> {
  const state = c.get('state');
  const body = parseWire(chatWireSchema, decodeJsonObject(await requestText(c)));
  const plan = await planChat(
    host,
    state,
    chatToIntent(body),
    body.objective,
    c.req.header('x-apikeyrouter-cache'),
  );
  const created = Math.floor(host.clock.now() / 1000);
  if (body.stream) {
    const upstream = upstreamSignal(c);
    const events = await streamChat(host, state, plan, upstream.signal);
    const wire = new OpenAIStreamEncoder(
      state.id,
      created,
      plan.intent.model,
      body.stream_options?.include_usage === true,
    );
    return sseResponse(events, wire, streamHooks(host, state, upstream), () =>
      streamIdentityHeaders(state.id, state.outcome),
    );
  }
  const { answer, served } = await answerChat(host, state, plan, upstreamSignal(c).signal);
  const out = chatCompletionBody(answer, state.id, created);
  if (served && wantsExplanation(c)) out.apikeyrouter = { explanation: served.explanation.toJSON() };
  return jsonResponse(out, identityHeaders(state.id, served, state.outcome.cache));
}
