import type { HrTime } from '@opentelemetry/api';

/**
 * An epoch-ms instant of the router's clock as an OpenTelemetry `HrTime`. A plain number would be ambiguous: the
 * SDK reads numbers smaller than its process start as `performance.now()` offsets, and a virtual clock's
 * instants often are.
 *
 * @example
 * span.end(hrTimeOf(clock.now()));
 */
export function hrTimeOf(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  return [seconds, Math.round((epochMs - seconds * 1000) * 1e6)];
}
