import { countFakeTokens } from '../../simulation/fake-reply.js';

/** Dimensions of the fake's vectors unless the request asks for `dimensions`. */
const DEFAULT_DIMENSIONS = 8;

/**
 * A deterministic unit-ish vector for a text (float32-exact, so float and base64 encodings agree).
 *
 * @example
 * fakeEmbedding('hello', 4).length; // 4
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) >>> 0;
    out.push(Math.fround((seed / 0xffffffff) * 2 - 1));
  }
  return out;
}

function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] as number, i * 4);
  return bytes.toString('base64');
}

/** What the fake reads out of an embeddings body. */
export interface EmbeddingsRequest {
  /** Model. */
  model: string;
  /** Inputs (a single string becomes one input). */
  inputs: string[];
  /** Prompt tokens of all inputs. */
  tokens: number;
  /** `float` or `base64`. */
  encoding: 'float' | 'base64';
  /** Vector size. */
  dimensions: number;
}

/**
 * Reads and validates a `POST /embeddings` body; returns an error message for bodies OpenAI rejects.
 *
 * @example
 * readEmbeddingsRequest({ model: 'text-embedding-3-small', input: 'hi' }).inputs; // ['hi']
 */
export function readEmbeddingsRequest(body: unknown): EmbeddingsRequest | { error: string; param: string } {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof record.model !== 'string' || record.model === '') {
    return { error: 'you must provide a model parameter', param: 'model' };
  }
  const input = record.input;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((item) => typeof item === 'string')) {
    return { error: "'input' : input must be a string or an array of strings", param: 'input' };
  }
  const dimensions =
    typeof record.dimensions === 'number' && record.dimensions > 0 ? record.dimensions : DEFAULT_DIMENSIONS;
  return {
    model: record.model,
    inputs: inputs as string[],
    tokens: (inputs as string[]).reduce((sum, text) => sum + countFakeTokens(text), 0),
    encoding: record.encoding_format === 'base64' ? 'base64' : 'float',
    dimensions,
  };
}

/**
 * The `list` body of embeddings for a request.
 *
 * @example
 * embeddingsBody(request).data.length; // request.inputs.length
 */
export function embeddingsBody(request: EmbeddingsRequest): {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
} {
  return {
    object: 'list',
    data: request.inputs.map((text, index) => {
      const vector = fakeEmbedding(text, request.dimensions);
      return {
        object: 'embedding' as const,
        index,
        embedding: request.encoding === 'base64' ? toBase64(vector) : vector,
      };
    }),
    model: request.model,
    usage: { prompt_tokens: request.tokens, total_tokens: request.tokens },
  };
}
