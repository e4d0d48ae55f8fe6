export { ATTR, type GenAIOperation } from './attribute-names.js';
export { type InstrumentableRouter, instrumentRouter } from './instrument-router.js';
export type { MetricsSource } from './router-metrics.js';
export type { TelemetryOptions } from './telemetry-options.js';
