import { countFakeTokens } from '../../simulation/fake-reply.js';

function hash(text: string, seed: number): number {
  let h = Math.imul(2166136261 ^ seed, 2654435761);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  // Final avalanche so that neighbouring seeds give unrelated components.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Deterministic, L2-normalised vectors (as `/api/embed` returns) and the prompt tokens they cost. The same
 * text always gets the same vector, different texts (almost surely) different ones.
 *
 * @example
 * fakeEmbeddings(['hello'], 4).embeddings[0].length; // 4
 */
export function fakeEmbeddings(
  inputs: readonly string[],
  dimensions: number,
): { embeddings: number[][]; promptTokens: number } {
  let promptTokens = 0;
  const embeddings = inputs.map((text) => {
    promptTokens += countFakeTokens(text);
    const raw = Array.from({ length: dimensions }, (_, i) => (hash(text, i) / 0xffffffff) * 2 - 1);
    const norm = Math.sqrt(raw.reduce((sum, x) => sum + x * x, 0)) || 1;
    return raw.map((x) => x / norm);
  });
  return { embeddings, promptTokens };
}
