import { countFakeTokens } from '../../simulation/fake-reply.js';
import { record, records } from './gemini-request-view.js';

/** The texts a `batchEmbedContents` or `embedContent` body asks to embed, or why it is invalid. */
export type EmbedInput = { ok: true; texts: string[]; tokens: number } | { ok: false; message: string };

function textOf(content: unknown): string {
  return records(record(content)?.parts)
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .join('');
}

/**
 * Reads an embeddings body. `batchEmbedContents` needs `requests[]`, each naming the same model as the
 * URL (`models/<id>`), as the real API insists.
 *
 * @example
 * readEmbedInput({ requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }] }, 'batchEmbedContents', 'gemini-embedding-001');
 * // { ok: true, texts: ['a'], tokens: 1 }
 */
export function readEmbedInput(body: unknown, method: string, model: string): EmbedInput {
  const root = record(body) ?? {};
  let texts: string[];
  if (method === 'embedContent') {
    if (!record(root.content))
      return { ok: false, message: '* EmbedContentRequest.content: content is not specified\n' };
    texts = [textOf(root.content)];
  } else {
    const requests = records(root.requests);
    if (requests.length === 0)
      return { ok: false, message: '* BatchEmbedContentsRequest.requests: requests is not specified\n' };
    const wrong = requests.findIndex((r) => r.model !== `models/${model}`);
    if (wrong >= 0) {
      return {
        ok: false,
        message: `* BatchEmbedContentsRequest.requests[${wrong}].model: Model names should match the model in the URL: models/${model}\n`,
      };
    }
    texts = requests.map((r) => textOf(r.content));
  }
  return { ok: true, texts, tokens: texts.reduce((sum, t) => sum + countFakeTokens(t), 0) };
}

/**
 * A deterministic unit-range vector for a text, so equal texts embed equally.
 *
 * @example
 * fakeEmbedding('hello', 4).length; // 4
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let d = 0; d < dimensions; d++) {
    let hash = 0x811c9dc5 ^ d;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    values.push(((hash >>> 0) % 2001) / 1000 - 1);
  }
  return values;
}

/**
 * The answer body for embedded texts: `{ embeddings: [{ values }] }` (batch) or `{ embedding: { values } }`.
 *
 * @example
 * embedBody(['a'], 'batchEmbedContents', 8).embeddings;
 */
export function embedBody(
  texts: readonly string[],
  method: string,
  dimensions: number,
): Record<string, unknown> {
  const vectors = texts.map((t) => ({ values: fakeEmbedding(t, dimensions) }));
  return method === 'embedContent' ? { embedding: vectors[0] } : { embeddings: vectors };
}
