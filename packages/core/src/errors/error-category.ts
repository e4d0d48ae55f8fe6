export {
  DEFAULT_KEY_EFFECT,
  DEFAULT_RETRYABLE,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type KeyEffect,
} from '@apikeyrouter/provider';
