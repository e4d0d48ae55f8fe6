import { type DimensionObservation, parseGoDuration, type RateLimitObservation } from '@apikeyrouter/core';

/**
 * Parses OpenAI-style `x-ratelimit-*` headers as the fake adapter reports them (the real OpenAI adapter has
 * its own, fuller parser).
 *
 * @example
 * parseOpenAIStyleHeaders(new Headers(headers), clock.now());
 */
export function parseOpenAIStyleHeaders(headers: Headers, now: number): RateLimitObservation {
  const dimensions: DimensionObservation[] = [];
  const read = (kind: 'requests' | 'tokens', dimension: DimensionObservation['dimension']) => {
    const limit = headers.get(`x-ratelimit-limit-${kind}`);
    if (limit === null) return;
    const observation: DimensionObservation = { dimension, limit: Number(limit) };
    const remaining = headers.get(`x-ratelimit-remaining-${kind}`);
    if (remaining !== null) observation.remaining = Number(remaining);
    const reset = parseGoDuration(headers.get(`x-ratelimit-reset-${kind}`));
    if (reset !== undefined) observation.resetAt = now + reset;
    dimensions.push(observation);
  };
  read('requests', 'requests_per_minute');
  read('tokens', 'tokens_per_minute');
  const observation: RateLimitObservation = { dimensions };
  const retryAfter = headers.get('retry-after-ms');
  if (retryAfter !== null) observation.retryAfterMs = Number(retryAfter);
  return observation;
}
