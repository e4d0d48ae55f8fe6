export { type EstimateOptions, estimateUsage, type UsageEstimate } from './estimate-usage.js';
