import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { RouterError, type RouterErrorOptions } from './router-error.js';

/** One problem found in a request intent. */
export interface ValidationIssue {
  /** What kind of problem (zod's issue code, or `unreadable` for input that threw while being read). */
  code?: string;
  /** Where in the input, e.g. `messages.0.content`. */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * The intent (or a configuration argument) was malformed. Never retried.
 *
 * @example
 * if (error instanceof ValidationError) console.log(error.issues);
 */
export class ValidationError extends RouterError {
  /** Every problem found, with its path. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[], options: RouterErrorOptions = {}) {
    super('validation', message, { ...options, details: { issues, ...options.details } });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/**
 * No key can take the request now. `explanation` says why each candidate was excluded and `retryAfterMs`
 * when the first one becomes usable (undefined when none will on its own).
 *
 * @example
 * catch (e) { if (e instanceof NoEligibleKeysError) setTimeout(retry, e.retryAfterMs ?? 1000); }
 */
export class NoEligibleKeysError extends RouterError {
  constructor(message: string, explanation: RoutingExplanation, retryAfterMs?: number) {
    super('no_eligible_keys', message, {
      explanation,
      retryAfterMs,
      retryable: retryAfterMs !== undefined,
    });
    this.name = 'NoEligibleKeysError';
  }
}

/**
 * A hard budget would be exceeded by this request. `details.budgets` names each budget, its remaining
 * amount and the request's estimate.
 *
 * @example
 * catch (e) { if (e instanceof BudgetExceededError) console.log(e.details?.budgets); }
 */
export class BudgetExceededError extends RouterError {
  constructor(message: string, options: RouterErrorOptions = {}) {
    super('budget_exceeded', message, options);
    this.name = 'BudgetExceededError';
  }
}
