import type { RouterError } from '../errors/router-error.js';
import { toRouterError } from '../errors/to-router-error.js';
import { responseTooLarge } from './body-limits.js';
import type { CallSignal } from './call-signal.js';
import { takeWholeBody } from './whole-body-client.js';

/**
 * Who is being read, for errors and caps.
 *
 * @example
 * const context: BodyReadContext = { providerId: 'openai', callSignal, parentSignal: call.signal, maxBytes: 1 << 20 };
 */
export interface BodyReadContext {
  /** Provider id, for errors. */
  providerId: string;
  /** The call's signal (tells our timeouts from the caller's abort). */
  callSignal: Pick<CallSignal, 'timedOut' | 'idleTimedOut'>;
  /** The caller's signal. */
  parentSignal: AbortSignal;
  /** Cap in bytes. */
  maxBytes: number;
}

/**
 * Maps what a body read threw to the one transport category and code.
 *
 * @example
 * catch (error) { throw readFailure(error, context); }
 */
export function readFailure(error: unknown, context: Omit<BodyReadContext, 'maxBytes'>): RouterError {
  return toRouterError(error, {
    providerId: context.providerId,
    timedOut: context.callSignal.timedOut,
    idle: context.callSignal.idleTimedOut,
    aborted: context.parentSignal.aborted,
    fallbackCategory: 'network',
  });
}

/**
 * Reads a whole body as UTF-8 text, stopping at `maxBytes`: a longer (or endless) body is cancelled and
 * reported as `provider` / `response_too_large` instead of filling memory.
 *
 * @example
 * const text = await readBodyText(response, { providerId: 'gemini', callSignal, parentSignal, maxBytes: 32 << 20 });
 */
export async function readBodyText(response: Response, context: BodyReadContext): Promise<string> {
  const whole = takeWholeBody(response);
  if (whole !== undefined) return whole;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > context.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw responseTooLarge(context.providerId, 'body', context.maxBytes, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw readFailure(error, context);
      }
      if (chunk.done) break;
      total += chunk.value.byteLength;
      if (total > context.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw responseTooLarge(context.providerId, 'body', context.maxBytes, response.status);
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

/**
 * Parses JSON, returning undefined instead of throwing.
 *
 * @example
 * parseJsonOrUndefined('{nope'); // undefined
 */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
