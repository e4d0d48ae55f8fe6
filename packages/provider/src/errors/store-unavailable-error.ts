import { RouterError, type RouterErrorOptions } from './router-error.js';

const MARKER = Symbol.for('apikeyrouter.error.store_unavailable');

/**
 * The shared state store (e.g. Redis) could not be reached or answered out of contract. No key is at fault;
 * the request failed before spending anything and may be retried.
 *
 * @example
 * catch (e) { if (StoreUnavailableError.isInstance(e)) res.status(503).end(); }
 */
export class StoreUnavailableError extends RouterError {
  readonly [MARKER] = true;

  constructor(message: string, options: RouterErrorOptions = {}) {
    super('store_unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }

  /** True for any StoreUnavailableError, even one created by another copy of this package. */
  static override isInstance(value: unknown): value is StoreUnavailableError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
