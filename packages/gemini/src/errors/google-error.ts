import { parseGoDuration } from '@apikeyrouter/provider';
import { asArray, asNumber, asRecord, asString } from '../wire/json-guards.js';

/**
 * One `google.rpc.QuotaFailure` violation.
 *
 * @example
 * ```ts
 * const violations: QuotaViolation[] = readGoogleError(JSON.parse(text))?.violations ?? [];
 * for (const { quotaId, quotaValue } of violations) console.log(quotaDimension(quotaId), quotaValue);
 * ```
 */
export interface QuotaViolation {
  /** E.g. `GenerateRequestsPerMinutePerProjectPerModel-FreeTier`. */
  quotaId?: string;
  /** E.g. `generativelanguage.googleapis.com/generate_content_free_tier_requests`. */
  quotaMetric?: string;
  /** The limit in force, as a number (the wire sends it as a proto int64 string; `readGoogleError` converts it). */
  quotaValue?: number;
}

/**
 * What a Google API error body says, read defensively.
 *
 * @example
 * ```ts
 * const error: GoogleError | undefined = readGoogleError(JSON.parse(text));
 * if (error?.status === 'RESOURCE_EXHAUSTED') {
 *   console.warn(error.message, error.violations.map((v) => v.quotaId), error.retryDelayMs);
 * }
 * ```
 */
export interface GoogleError {
  /** `error.code`: the HTTP status Google meant. */
  code?: number;
  /** `error.message`. */
  message?: string;
  /** `error.status`, a google.rpc.Code name such as `RESOURCE_EXHAUSTED`. */
  status?: string;
  /** `google.rpc.ErrorInfo.reason`, e.g. `API_KEY_INVALID`. */
  reason?: string;
  /** `google.rpc.QuotaFailure.violations`. */
  violations: QuotaViolation[];
  /** `google.rpc.RetryInfo.retryDelay` in ms. */
  retryDelayMs?: number;
}

/**
 * Reads a Google error body `{"error": {"code", "message", "status", "details": [...]}}` (also the one-element
 * array form that non-SSE streaming answers use). Returns undefined when the value is not such a body.
 *
 * @example
 * readGoogleError({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [
 *   { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '58s' }] } })?.retryDelayMs; // 58000
 */
export function readGoogleError(body: unknown): GoogleError | undefined {
  const root = asRecord(Array.isArray(body) ? body[0] : body);
  const error = asRecord(root?.error);
  if (!error) return undefined;
  const result: GoogleError = {
    code: asNumber(error.code),
    message: asString(error.message),
    status: asString(error.status),
    violations: [],
  };
  for (const item of asArray(error.details)) {
    const detail = asRecord(item);
    const type = asString(detail?.['@type']) ?? '';
    if (!detail) continue;
    if (type.endsWith('google.rpc.ErrorInfo')) {
      result.reason ??= asString(detail.reason);
    } else if (type.endsWith('google.rpc.QuotaFailure')) {
      for (const v of asArray(detail.violations)) {
        const violation = asRecord(v);
        if (!violation) continue;
        result.violations.push({
          quotaId: asString(violation.quotaId),
          quotaMetric: asString(violation.quotaMetric),
          quotaValue: asNumber(violation.quotaValue),
        });
      }
    } else if (type.endsWith('google.rpc.RetryInfo')) {
      const delay = asString(detail.retryDelay);
      const ms = parseGoDuration(delay);
      if (ms !== undefined) result.retryDelayMs = ms;
    }
  }
  return result;
}
