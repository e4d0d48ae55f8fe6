import { RouterError } from '../../errors/router-error.js';

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies what `fetch` or a body read threw: caller abort → `aborted`, our timeout → `timeout`, socket
 * problems → `network`. Returns undefined for errors that are not transport failures.
 *
 * @example
 * const routerError = classifyTransportError(error, { providerId: 'openai', timedOut: call.timedOut, aborted: parent.aborted });
 */
export function classifyTransportError(
  error: unknown,
  context: { providerId: string; timedOut: boolean; aborted: boolean },
): RouterError | undefined {
  if (RouterError.isInstance(error)) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (context.timedOut || name === 'TimeoutError') {
    return new RouterError('timeout', `${context.providerId} did not answer in time`, {
      providerId: context.providerId,
      cause: error,
    });
  }
  if (context.aborted || name === 'AbortError') {
    return new RouterError('aborted', 'The request was aborted', {
      providerId: context.providerId,
      cause: error,
    });
  }
  const code = errorCode(error);
  if (
    (code && NETWORK_CODES.has(code)) ||
    (error instanceof TypeError && /fetch|socket|terminated/i.test(error.message))
  ) {
    return new RouterError(
      'network',
      `Network failure talking to ${context.providerId}${code ? ` (${code})` : ''}`,
      {
        providerId: context.providerId,
        code,
        cause: error,
      },
    );
  }
  return undefined;
}
