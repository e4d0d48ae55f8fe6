const REDACTED = '[redacted]';
/** Shortest fragment of a key treated as material when echoed on its own (shorter ones are too common). */
const MIN_FRAGMENT = 8;
/** Masked echoes such as OpenAI's `sk-proj-ab**********wxyz`. */
const MASKED_KEY = /[\w-]*\*{3,}[\w-]*/g;

/**
 * Removes key material from provider text: the key itself, masked echoes of it (`sk-ab****wxyz`, as OpenAI
 * writes in its 401 message) and whitespace-delimited fragments of 8+ characters taken from it.
 *
 * @example
 * scrubSecret('Incorrect API key provided: sk-live-123456.', 'sk-live-123456');
 * // 'Incorrect API key provided: [redacted].'
 */
export function scrubSecret(text: string, secret: string | undefined): string {
  let out = text.replace(MASKED_KEY, REDACTED);
  if (!secret || secret.length < 4) return out;
  out = out.split(secret).join(REDACTED);
  return out.replace(/[^\s"'`,;:()[\]{}<>]+/g, (token) => {
    const core = token.replace(/[.!?]+$/, '');
    return core.length >= MIN_FRAGMENT && secret.includes(core) ? REDACTED + token.slice(core.length) : token;
  });
}
