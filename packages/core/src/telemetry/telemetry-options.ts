import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * Where the router sends OpenTelemetry spans and metrics. Without providers the global ones are used, which are
 * no-ops until the application registers an OpenTelemetry SDK: the core depends on `@opentelemetry/api` only.
 *
 * @example
 * const router = new ApiKeyRouter({ telemetry: { tracerProvider, meterProvider } });
 */
export interface TelemetryOptions {
  /** Tracer provider for the request and attempt spans. Default: the global one (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Meter provider for the GenAI and router metrics. Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}
