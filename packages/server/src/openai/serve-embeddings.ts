import type { EmbedIntent } from '@apikeyrouter/core';
import type { Context } from 'hono';
import { z } from 'zod';
import { authorizeModels, enforceRate } from '../app/admit-request.js';
import { bookServed } from '../app/chat-pipeline.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import { requestText, upstreamSignal, wantsExplanation } from '../app/request-helpers.js';
import { HttpFailure } from '../http/http-failure.js';
import { identityHeaders } from '../http/identity-headers.js';
import { jsonResponse } from '../http/json-response.js';
import { decodeJsonObject, parseWire } from '../http/parse-wire.js';
import { VIRTUAL_KEY_TAG } from '../runtime/gateway-runtime.js';

const embeddingsWireSchema = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});

/** A vector as base64 of little-endian float32, the SDK's default `encoding_format`. */
function toBase64(vector: readonly number[]): string {
  const floats = new Float32Array(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

/**
 * `POST /v1/embeddings`: OpenAI embeddings through the router (float or base64 vectors).
 *
 * @example
 * app.post('/v1/embeddings', (c) => serveEmbeddings(c, host));
 */
export async function serveEmbeddings(c: Context<GatewayEnv>, host: GatewayHost): Promise<Response> {
  const state = c.get('state');
  const { runtime, vk } = state;
  if (!vk) throw new HttpFailure(401, 'authentication_error', 'invalid_api_key', 'Missing gateway key');
  const body = parseWire(embeddingsWireSchema, decodeJsonObject(await requestText(c)));
  authorizeModels(runtime, vk, body.model, []);
  state.outcome.model = body.model;
  await enforceRate(runtime, vk, host.clock.now());
  const intent: EmbedIntent = {
    model: body.model,
    input: body.input,
    tags: { ...vk.tags, [VIRTUAL_KEY_TAG]: vk.name },
  };
  const result = await runtime.router.embed(intent, runtime.config.routing.objective, {
    signal: upstreamSignal(c).signal,
  });
  bookServed(state, result, { inputTokens: result.usage.inputTokens, outputTokens: 0 });
  const base64 = body.encoding_format === 'base64';
  const out: Record<string, unknown> = {
    object: 'list',
    data: result.embeddings.map((embedding, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? toBase64(embedding) : embedding,
    })),
    model: result.model,
    usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
  };
  if (wantsExplanation(c)) out.apikeyrouter = { explanation: result.explanation.toJSON() };
  return jsonResponse(out, identityHeaders(state.id, result, undefined));
}
