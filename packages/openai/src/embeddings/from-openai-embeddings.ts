import { RouterError } from '@apikeyrouter/provider';

interface WireEmbedding {
  index?: number;
  embedding?: unknown;
}

/** Decodes a base64 little-endian float32 vector (what the API returns for `encoding_format: 'base64'`). */
function decodeBase64Floats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = new Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function toVector(value: unknown, providerId: string): number[] {
  if (typeof value === 'string') return decodeBase64Floats(value);
  if (Array.isArray(value) && value.every((n) => typeof n === 'number')) return value as number[];
  throw new RouterError('provider', `${providerId} sent an embedding that is not a vector`, {
    providerId,
    code: 'malformed_response',
  });
}

/**
 * Reads a `POST /embeddings` body: vectors in input order (sorted by `index`), float arrays or base64, and
 * the billed prompt tokens.
 *
 * @example
 * fromOpenAIEmbeddings({ data: [{ index: 0, embedding: [0.1, 0.2] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 2 } });
 * // { embeddings: [[0.1, 0.2]], inputTokens: 2, model: 'text-embedding-3-small' }
 */
export function fromOpenAIEmbeddings(
  body: unknown,
  context: { providerId: string; model: string; expected: number },
): { embeddings: number[][]; inputTokens: number; model: string } {
  const record = (typeof body === 'object' && body !== null ? body : {}) as {
    data?: unknown;
    model?: unknown;
    usage?: { prompt_tokens?: unknown } | null;
  };
  if (!Array.isArray(record.data) || record.data.length !== context.expected) {
    throw new RouterError('provider', `${context.providerId} returned the wrong number of embeddings`, {
      providerId: context.providerId,
      code: 'malformed_response',
    });
  }
  const items = (record.data as WireEmbedding[])
    .map((item, position) => ({ index: typeof item.index === 'number' ? item.index : position, item }))
    .sort((a, b) => a.index - b.index);
  const tokens = record.usage?.prompt_tokens;
  return {
    embeddings: items.map(({ item }) => toVector(item.embedding, context.providerId)),
    inputTokens: typeof tokens === 'number' ? tokens : 0,
    model: typeof record.model === 'string' && record.model !== '' ? record.model : context.model,
  };
}
