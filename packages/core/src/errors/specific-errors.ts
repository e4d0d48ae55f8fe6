export {
  BudgetExceededError,
  NoEligibleKeysError,
  StoreUnavailableError,
  ValidationError,
  type ValidationIssue,
  type ValidationIssueInput,
} from '@apikeyrouter/provider';
