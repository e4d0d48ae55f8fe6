import { type EmbedResponse, RouterError } from '@apikeyrouter/provider';
import type { OllamaEmbedRequest, OllamaEmbedResponse } from '../wire/ollama-wire-types.js';

/**
 * Builds the `POST /api/embed` body.
 *
 * @example
 * toOllamaEmbedRequest('nomic-embed-text', ['a', 'b']); // { model: 'nomic-embed-text', input: ['a', 'b'] }
 */
export function toOllamaEmbedRequest(
  model: string,
  input: readonly string[],
  keepAlive?: string | number,
): OllamaEmbedRequest {
  const body: OllamaEmbedRequest = { model, input: [...input] };
  if (keepAlive !== undefined) body.keep_alive = keepAlive;
  return body;
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'number');
}

/**
 * Normalises an `/api/embed` response. Throws a `provider` RouterError (`malformed_response`) unless there is
 * exactly one numeric vector per input.
 *
 * @example
 * fromOllamaEmbedResponse({ model: 'nomic-embed-text', embeddings: [[0.1, 0.2]], prompt_eval_count: 2 }, 1, 'nomic-embed-text');
 * // { embeddings: [[0.1, 0.2]], usage: { inputTokens: 2 }, model: 'nomic-embed-text', raw: {…} }
 */
export function fromOllamaEmbedResponse(
  body: unknown,
  inputCount: number,
  requestedModel: string,
  providerId = 'ollama',
): Omit<EmbedResponse, 'rateLimits'> {
  const embed = (body ?? {}) as OllamaEmbedResponse;
  const vectors = embed.embeddings;
  if (!Array.isArray(vectors) || vectors.length !== inputCount || !vectors.every(isVector)) {
    throw new RouterError('provider', `${providerId} sent no embedding per input`, {
      providerId,
      code: 'malformed_response',
    });
  }
  const count = embed.prompt_eval_count;
  return {
    embeddings: vectors,
    usage: { inputTokens: typeof count === 'number' && count > 0 ? count : 0 },
    model: typeof embed.model === 'string' && embed.model !== '' ? embed.model : requestedModel,
    raw: body,
  };
}
