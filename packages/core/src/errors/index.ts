export {
  DEFAULT_KEY_EFFECT,
  DEFAULT_RETRYABLE,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type KeyEffect,
} from './error-category.js';
export { RouterError, type RouterErrorOptions } from './router-error.js';
export {
  BudgetExceededError,
  NoEligibleKeysError,
  ValidationError,
  type ValidationIssue,
} from './specific-errors.js';
