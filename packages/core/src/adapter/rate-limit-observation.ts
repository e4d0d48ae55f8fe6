export type { DimensionObservation, QuotaDimension, RateLimitObservation } from '@apikeyrouter/provider';
