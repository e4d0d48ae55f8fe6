import { RouterError, type RouterErrorOptions } from './router-error.js';

const MARKER = Symbol.for('apikeyrouter.error.budget_exceeded');

/**
 * A hard budget would be exceeded by this request. `details.budgets` names each budget, its remaining
 * amount and the request's estimate.
 *
 * @example
 * catch (e) { if (BudgetExceededError.isInstance(e)) console.log(e.details?.budgets); }
 */
export class BudgetExceededError extends RouterError {
  readonly [MARKER] = true;

  constructor(message: string, options: RouterErrorOptions = {}) {
    super('budget_exceeded', message, options);
    this.name = 'BudgetExceededError';
  }

  /** True for any BudgetExceededError, even one created by another copy of this package. */
  static override isInstance(value: unknown): value is BudgetExceededError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
