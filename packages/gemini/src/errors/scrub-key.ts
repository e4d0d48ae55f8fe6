const REDACTED = '[redacted]';

/**
 * Removes key material from provider text. Google echoes the key in some messages (e.g. "Consumer
 * 'api_key:AIza…' has been suspended"), and nothing the adapter returns or throws may carry it.
 *
 * @example
 * scrubKey("Consumer 'api_key:AIza123' has been suspended.", 'AIza123'); // "Consumer 'api_key:[redacted]' has been suspended."
 */
export function scrubKey(text: string, apiKey: string): string {
  if (apiKey === '' || !text.includes(apiKey)) return text;
  return text.split(apiKey).join(REDACTED);
}
