/**
 * Where the router writes its log lines. Messages and data never contain key material.
 *
 * @example
 * const router = new ApiKeyRouter({ logger: console });
 */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  info?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
  error?(message: string, data?: Record<string, unknown>): void;
}
