import { RouterError } from '../errors/router-error.js';

/**
 * The one code each transport failure gets, whatever the adapter: every adapter reports a refused connection
 * as `network` / `connection_refused`, a whole-call timeout as `timeout` / `timeout`, and so on.
 *
 * @example
 * if (error.code === TRANSPORT_CODES.idleTimeout) console.log('the stream went silent');
 */
export const TRANSPORT_CODES = {
  timeout: 'timeout',
  idleTimeout: 'idle_timeout',
  aborted: 'aborted',
  connectionRefused: 'connection_refused',
  connectionReset: 'connection_reset',
  connectTimeout: 'connect_timeout',
  dns: 'dns_failure',
  tls: 'tls_failure',
  network: 'network_error',
} as const;

const SYSTEM_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: TRANSPORT_CODES.connectionRefused,
  ECONNRESET: TRANSPORT_CODES.connectionReset,
  EPIPE: TRANSPORT_CODES.connectionReset,
  UND_ERR_SOCKET: TRANSPORT_CODES.connectionReset,
  UND_ERR_CLOSED: TRANSPORT_CODES.connectionReset,
  ECONNABORTED: TRANSPORT_CODES.connectionReset,
  ERR_STREAM_PREMATURE_CLOSE: TRANSPORT_CODES.connectionReset,
  ENOTFOUND: TRANSPORT_CODES.dns,
  EAI_AGAIN: TRANSPORT_CODES.dns,
  EAI_FAIL: TRANSPORT_CODES.dns,
  ETIMEDOUT: TRANSPORT_CODES.connectTimeout,
  UND_ERR_CONNECT_TIMEOUT: TRANSPORT_CODES.connectTimeout,
  EHOSTUNREACH: TRANSPORT_CODES.network,
  ENETUNREACH: TRANSPORT_CODES.network,
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/;

function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code in SYSTEM_CODES || TLS_CODE.test(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

/**
 * What the caller of {@link classifyTransportError} knows about the call.
 *
 * @example
 * const context: TransportContext = { providerId: 'openai', timedOut: call.timedOut, idle: call.idleTimedOut, aborted: parent.aborted };
 */
export interface TransportContext {
  /** Provider being called. */
  providerId?: string;
  /** Our own timeout (whole call or idle) fired. */
  timedOut?: boolean;
  /** The timeout that fired was the idle timeout between stream chunks. */
  idle?: boolean;
  /** The caller aborted. */
  aborted?: boolean;
}

/**
 * Classifies what `fetch` or a body read threw: our timeout → `timeout` (`timeout` or `idle_timeout`), caller
 * abort → `aborted`, socket, DNS and TLS problems → `network` with one code each ({@link TRANSPORT_CODES}).
 * Returns undefined for errors that are not transport failures. A {@link RouterError} is returned as is.
 *
 * @example
 * const routerError = classifyTransportError(error, { providerId: 'openai', timedOut: call.timedOut, aborted: parent.aborted });
 */
export function classifyTransportError(error: unknown, context: TransportContext): RouterError | undefined {
  if (RouterError.isInstance(error)) return error;
  const providerId = context.providerId;
  const who = providerId ?? 'the provider';
  const name = errorName(error);
  if (context.timedOut || name === 'TimeoutError') {
    const idle = context.idle === true;
    return new RouterError(
      'timeout',
      idle ? `${who} went silent mid-answer` : `${who} did not answer in time`,
      {
        providerId,
        code: idle ? TRANSPORT_CODES.idleTimeout : TRANSPORT_CODES.timeout,
        cause: error,
      },
    );
  }
  if (context.aborted || name === 'AbortError') {
    return new RouterError('aborted', 'The request was aborted', {
      providerId,
      code: TRANSPORT_CODES.aborted,
      cause: error,
    });
  }
  const system = systemCode(error);
  const looksLikeFetch =
    error instanceof TypeError && /fetch failed|socket|terminated|network/i.test(error.message);
  if (!system && !looksLikeFetch) return undefined;
  const code = system
    ? (SYSTEM_CODES[system] ?? (TLS_CODE.test(system) ? TRANSPORT_CODES.tls : TRANSPORT_CODES.network))
    : /terminated|socket/i.test((error as Error).message)
      ? TRANSPORT_CODES.connectionReset
      : TRANSPORT_CODES.network;
  return new RouterError('network', `Network failure talking to ${who} (${code})`, {
    providerId,
    code,
    cause: error,
    details: system ? { systemCode: system } : undefined,
  });
}
