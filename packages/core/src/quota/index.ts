export { BucketRing, type BucketRingOptions } from './bucket-ring.js';
export {
  ABUNDANT_AT,
  type CapacityReading,
  CONSTRAINED_AT,
  CRITICAL_EXIT_AT,
  RECOVERY_MS,
  readCapacity,
} from './capacity-state.js';
export {
  ConsumptionRates,
  DAY_RATE_HALF_LIFE_MS,
  MINUTE_RATE_HALF_LIFE_MS,
} from './consumption-rates.js';
export { DAY_WINDOW, KeyQuotaRecord, MINUTE_WINDOW } from './key-quota-record.js';
export { QuotaAwarenessEngine } from './quota-awareness-engine.js';
export type { QuotaGroupInfo, QuotaGroupState } from './quota-group-types.js';
export { QuotaGroups } from './quota-groups.js';
export type {
  CapacityState,
  DeclaredLimits,
  QuotaCheck,
  QuotaDimensionState,
  QuotaEngineOptions,
  QuotaReservation,
  QuotaState,
  QuotaWarningEvent,
  ReserveResult,
} from './quota-types.js';
export type { QuotaGroupSuggestion } from './shared-account-detector.js';
