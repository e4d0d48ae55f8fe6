import { scrubSecret as scrubWithKit } from '@apikeyrouter/provider';

/** Anthropic key shape; scrubbed even when it is not the caller's key (a provider may echo another one). */
const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]{6,}/g;

/**
 * Removes key material from text with the kit's scrubber (exact, encoded, masked and fragment echoes of
 * `secret`), plus anything shaped like an Anthropic key.
 *
 * @example
 * scrubSecret('invalid x-api-key: sk-ant-api03-abcdef', 'sk-ant-api03-abcdef'); // 'invalid x-api-key: [redacted]'
 */
export function scrubSecret(text: string, secret?: string): string {
  return scrubWithKit(text, secret).replace(ANTHROPIC_KEY, '[redacted]');
}
