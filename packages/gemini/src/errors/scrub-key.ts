import { scrubSecret } from '@apikeyrouter/provider';

/**
 * Removes key material from provider text with the kit's scrubber. Google echoes the key in some messages
 * (e.g. "Consumer 'api_key:AIza…' has been suspended"), and nothing the adapter returns or throws may carry it.
 *
 * @example
 * scrubKey("Consumer 'api_key:AIzaSy0123456789' has been suspended.", 'AIzaSy0123456789'); // "Consumer 'api_key:[redacted]' has been suspended."
 */
export function scrubKey(text: string, apiKey: string): string {
  return apiKey === '' ? text : scrubSecret(text, apiKey);
}
