import { RouterError } from '@apikeyrouter/provider';
import { asArray, asNumber, asRecord } from '../wire/json-guards.js';

/**
 * Body of `:batchEmbedContents`.
 *
 * @example
 * ```ts
 * const body: GeminiBatchEmbedRequest = toGeminiEmbedRequest(geminiModelPath('gemini-embedding-001'), ['a', 'b']);
 * body.requests[1]; // { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] } }
 * ```
 */
export interface GeminiBatchEmbedRequest {
  /** One request per input text; each names the model again, as the API requires. */
  requests: Array<{ model: string; content: { parts: Array<{ text: string }> } }>;
}

/**
 * Builds a `:batchEmbedContents` body for `modelPath` (`models/…`).
 *
 * @example
 * toGeminiEmbedRequest('models/gemini-embedding-001', ['a']);
 * // { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }] }
 */
export function toGeminiEmbedRequest(modelPath: string, input: readonly string[]): GeminiBatchEmbedRequest {
  return { requests: input.map((text) => ({ model: modelPath, content: { parts: [{ text }] } })) };
}

/**
 * Reads a `:batchEmbedContents` answer (`{ embeddings: [{ values: number[] }] }`) into one vector per input.
 * Throws a `provider` RouterError (code `malformed_response`) when the count or shape is wrong.
 *
 * @example
 * fromGeminiEmbedResponse({ embeddings: [{ values: [0.1, 0.2] }] }, 1, 'gemini'); // [[0.1, 0.2]]
 */
export function fromGeminiEmbedResponse(body: unknown, expected: number, providerId: string): number[][] {
  const vectors = asArray(asRecord(body)?.embeddings).map((entry) =>
    asArray(asRecord(entry)?.values).map((v) => asNumber(v) ?? Number.NaN),
  );
  if (vectors.length !== expected || vectors.some((v) => v.length === 0 || v.some(Number.isNaN))) {
    throw new RouterError('provider', `Gemini returned ${vectors.length} embeddings for ${expected} inputs`, {
      providerId,
      code: 'malformed_response',
    });
  }
  return vectors;
}

/**
 * Tokens to bill for embedding `input`. The embeddings API reports no usage, so this estimates (length / 4,
 * at least 1 per text), the same rule the router uses before a call.
 *
 * @example
 * estimateEmbeddingTokens(['12345678']); // 2
 */
export function estimateEmbeddingTokens(input: readonly string[]): number {
  let tokens = 0;
  for (const text of input) tokens += Math.max(1, Math.ceil(text.length / 4));
  return tokens;
}
