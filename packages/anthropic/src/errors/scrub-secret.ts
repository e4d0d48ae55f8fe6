const REDACTED = '[redacted]';
/** Anthropic key shape; scrubbed even when it is not the caller's key (a provider may echo another one). */
const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]{6,}/g;

/**
 * Removes key material from text that may be shown, logged or thrown: every occurrence of `secret`, and
 * anything shaped like an Anthropic key.
 *
 * @example
 * scrubSecret('invalid x-api-key: sk-ant-api03-abcdef', 'sk-ant-api03-abcdef'); // 'invalid x-api-key: [redacted]'
 */
export function scrubSecret(text: string, secret?: string): string {
  let out = text;
  if (secret !== undefined && secret.length > 0) out = out.split(secret).join(REDACTED);
  return out.replace(ANTHROPIC_KEY, REDACTED);
}
