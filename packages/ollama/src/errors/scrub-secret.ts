const REDACTED = '[redacted]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes key material from text a provider or proxy sent back: the exact key, and masked echoes such as
 * `sk-abc…wxyz` / `sk-abc****wxyz` (its first 6 and last 4 characters around anything non-blank), which
 * authenticating proxies like to print. Empty keys (keyless local Ollama) leave the text unchanged.
 *
 * @example
 * scrubSecret('bad key sk-live-123456789', 'sk-live-123456789'); // 'bad key [redacted]'
 */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let out = text.split(secret).join(REDACTED);
  if (secret.length >= 12) {
    const masked = new RegExp(
      `${escapeRegExp(secret.slice(0, 6))}\\S*${escapeRegExp(secret.slice(-4))}`,
      'g',
    );
    out = out.replace(masked, REDACTED);
  }
  return out;
}
