import { RouterError } from '../errors/router-error.js';

/**
 * Size caps on what an upstream may send. Defaults: 32 MiB for a whole (non-streamed or error) body, 1 MiB
 * for one stream line or event, 256 MiB for a whole stream. An upstream that sends more gets a typed error
 * (`provider` / `response_too_large`) and the connection is cancelled, so an endless body costs at most the cap.
 *
 * @example
 * new OpenAIAdapter({ limits: { maxResponseBytes: 4 * 1024 * 1024 } });
 */
export interface BodyLimits {
  /** Largest non-streamed body, in bytes. */
  maxResponseBytes?: number;
  /** Largest single stream line (SSE field or NDJSON record), in bytes. */
  maxLineBytes?: number;
  /** Largest whole stream, in bytes. */
  maxStreamBytes?: number;
}

/**
 * The default caps ({@link BodyLimits}).
 *
 * @example
 * DEFAULT_BODY_LIMITS.maxResponseBytes; // 33_554_432
 */
export const DEFAULT_BODY_LIMITS: Readonly<Required<BodyLimits>> = {
  maxResponseBytes: 32 * 1024 * 1024,
  maxLineBytes: 1024 * 1024,
  maxStreamBytes: 256 * 1024 * 1024,
};

/**
 * Caps with defaults filled in; non-positive or non-finite values fall back to the default.
 *
 * @example
 * resolveBodyLimits({ maxResponseBytes: 1024 }).maxLineBytes; // 1_048_576
 */
export function resolveBodyLimits(limits: BodyLimits | undefined): Required<BodyLimits> {
  const pick = (value: number | undefined, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
  return {
    maxResponseBytes: pick(limits?.maxResponseBytes, DEFAULT_BODY_LIMITS.maxResponseBytes),
    maxLineBytes: pick(limits?.maxLineBytes, DEFAULT_BODY_LIMITS.maxLineBytes),
    maxStreamBytes: pick(limits?.maxStreamBytes, DEFAULT_BODY_LIMITS.maxStreamBytes),
  };
}

/**
 * The error for a body over its cap.
 *
 * @example
 * throw responseTooLarge('openai', 'body', 33_554_432);
 */
export function responseTooLarge(
  providerId: string | undefined,
  what: 'body' | 'stream line' | 'stream',
  cap: number,
  status?: number,
): RouterError {
  return new RouterError(
    'provider',
    `${providerId ?? 'The provider'} sent a ${what} larger than ${cap} bytes`,
    {
      providerId,
      code: 'response_too_large',
      status,
      details: { limitBytes: cap },
    },
  );
}
