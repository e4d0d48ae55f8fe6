import type { Context } from 'hono';
import { answerChat, planChat, streamChat } from '../app/chat-pipeline.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import { requestText, streamHooks, upstreamSignal, wantsExplanation } from '../app/request-helpers.js';
import { identityHeaders, streamIdentityHeaders } from '../http/identity-headers.js';
import { jsonResponse } from '../http/json-response.js';
import { decodeJsonObject, parseWire } from '../http/parse-wire.js';
import { sseResponse } from '../http/sse-response.js';
import { messageBody } from './messages-response.js';
import { AnthropicStreamEncoder } from './messages-stream-encoder.js';
import { messagesToIntent } from './messages-to-intent.js';
import { messagesWireSchema } from './messages-wire-schema.js';

/**
 * `POST /v1/messages`: an Anthropic Messages request, for any model on any provider, in one piece or as SSE.
 *
 * @example
 * app.post('/v1/messages', (c) => serveMessages(c, host));
 */
export async function serveMessages(c: Context<GatewayEnv>, host: GatewayHost): Promise<Response> {
  const state = c.get('state');
  const body = parseWire(messagesWireSchema, decodeJsonObject(await requestText(c)));
  const plan = await planChat(
    host,
    state,
    messagesToIntent(body),
    body.objective,
    c.req.header('x-apikeyrouter-cache'),
  );
  if (body.stream) {
    const upstream = upstreamSignal(c);
    const events = await streamChat(host, state, plan, upstream.signal);
    return sseResponse(
      events,
      new AnthropicStreamEncoder(state.id, plan.intent.model),
      streamHooks(host, state, upstream),
      () => streamIdentityHeaders(state.id, state.outcome),
    );
  }
  const { answer, served } = await answerChat(host, state, plan, upstreamSignal(c).signal);
  const out = messageBody(answer, state.id);
  if (served && wantsExplanation(c)) out.apikeyrouter = { explanation: served.explanation.toJSON() };
  return jsonResponse(out, identityHeaders(state.id, served, state.outcome.cache));
}
