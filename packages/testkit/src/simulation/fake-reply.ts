/**
 * Rough token count the fakes use: one token per 4 characters, at least 1.
 *
 * @example
 * ```ts
 * countFakeTokens('hello there'); // 3
 * countFakeTokens(''); // 1
 * ```
 */
export function countFakeTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * The deterministic answer a simulated provider gives: it echoes the last user text, capped at `maxTokens`
 * words, so tests can assert content and usage exactly.
 *
 * @example
 * fakeReply('hello there', 100); // { text: 'echo: hello there', outputTokens: 5, finish: 'stop' }
 */
export function fakeReply(
  lastUserText: string,
  maxTokens: number | undefined,
): { text: string; outputTokens: number; finish: 'stop' | 'length' } {
  const full = `echo: ${lastUserText}`;
  const fullTokens = countFakeTokens(full);
  if (maxTokens === undefined || fullTokens <= maxTokens) {
    return { text: full, outputTokens: fullTokens, finish: 'stop' };
  }
  return { text: full.slice(0, maxTokens * 4), outputTokens: maxTokens, finish: 'length' };
}

/**
 * Splits a reply into stream chunks of about `size` characters.
 *
 * @example
 * ```ts
 * chunkText('Hello, world!', 5); // ['Hello', ', wor', 'ld!']
 * chunkText(''); // [''] (a stream always has one chunk)
 * ```
 */
export function chunkText(text: string, size = 8): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks.length > 0 ? chunks : [''];
}
