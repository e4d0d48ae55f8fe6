import './explanation-augmentation.js';

export {
  type ToRouterErrorContext,
  TRANSPORT_CODES,
  toRouterError,
  UPSTREAM_ERROR_CODES,
  type UpstreamErrorCode,
} from '@apikeyrouter/provider';
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
  StoreUnavailableError,
  ValidationError,
  type ValidationIssue,
  type ValidationIssueInput,
} from './specific-errors.js';
