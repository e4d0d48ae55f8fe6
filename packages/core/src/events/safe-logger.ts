import type { Logger } from './logger.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Wraps a user logger so that a logger that throws (a closed file, a full queue) can never break routing:
 * log calls happen in the middle of bookkeeping, between a reservation and its commit.
 *
 * @example
 * const logger = safeLogger(options.logger);
 * logger?.info?.('key throttled');
 */
export function safeLogger(logger: Logger | undefined): Logger | undefined {
  if (!logger) return undefined;
  const safe: Logger = {};
  for (const level of LEVELS) {
    const method = logger[level];
    if (typeof method !== 'function') continue;
    safe[level] = (message, data) => {
      try {
        method.call(logger, message, data);
      } catch {
        // Nowhere left to report it; dropping one log line is better than failing a request.
      }
    };
  }
  return safe;
}
