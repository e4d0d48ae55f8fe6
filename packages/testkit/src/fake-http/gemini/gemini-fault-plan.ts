import type { Admission, LimitsSnapshot } from '../../limits/hidden-limits.js';
import type { FaultSpec } from '../fault-script.js';
import { GEMINI_QUOTAS, type GeminiErrorBody, geminiErrors } from './gemini-error-bodies.js';

/**
 * The largest prompt the fake's models accept (Gemini 2.x: 1,048,576 tokens).
 *
 * @example
 * geminiErrors.contextLength(GEMINI_CONTEXT_TOKENS + 1, GEMINI_CONTEXT_TOKENS);
 */
export const GEMINI_CONTEXT_TOKENS = 1_048_576;

/** How the simulated Gemini acts out a fault or a limit. */
export type GeminiPlan =
  | { type: 'error'; status: number; body: GeminiErrorBody }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'slow'; delayMs: number }
  | { type: 'shape'; shape: 'content_filter' | 'malformed_json' | 'stream_cut' | 'error_after_200' };

/** What a plan may depend on. */
export interface PlanContext {
  /** Key material (the suspended-consumer message echoes it, like the real API). */
  key: string;
  /** Requested model. */
  model: string;
  /** API version from the path. */
  version: string;
  /** Method from the path, e.g. `generateContent`. */
  method: string;
  /** Prompt tokens of the request. */
  promptTokens: number;
  /** Streamed request. */
  stream: boolean;
  /** The key's windows, for the limits quoted in 429s. */
  limits: LimitsSnapshot;
}

const error = (body: GeminiErrorBody): GeminiPlan => ({ type: 'error', status: body.error.code, body });

/**
 * Renders a scripted fault in Gemini's terms. Kinds Gemini has no form for map to the closest real behaviour:
 * `unauthorized` → 400 API_KEY_INVALID (Gemini's answer to bad keys), `request_too_large` → 429 on the
 * per-minute input-token quota with a limit below the prompt, `timeout` → no answer at all, and a
 * non-streamed `error_after_200` → 503 UNAVAILABLE.
 *
 * @example
 * planGeminiFault({ kind: 'overloaded' }, context); // { type: 'error', status: 503, body: { error: { status: 'UNAVAILABLE', … } } }
 */
export function planGeminiFault(fault: FaultSpec, ctx: PlanContext): GeminiPlan {
  const retryMs = fault.delayMs ?? 1000;
  switch (fault.kind) {
    case 'rate_limit':
      return error(
        geminiErrors.quotaExceeded(
          GEMINI_QUOTAS.requestsPerMinute,
          ctx.limits.requests?.limit ?? 15,
          ctx.model,
          retryMs,
        ),
      );
    case 'quota_exhausted':
      return error(
        geminiErrors.quotaExceeded(
          GEMINI_QUOTAS.requestsPerDay,
          ctx.limits.requestsPerDay?.limit ?? 1500,
          ctx.model,
          retryMs,
        ),
      );
    case 'request_too_large':
      return error(
        geminiErrors.quotaExceeded(
          GEMINI_QUOTAS.inputTokensPerMinute,
          Math.max(1, Math.floor(ctx.promptTokens / 2)),
          ctx.model,
          retryMs,
        ),
      );
    case 'unauthorized':
      return error(geminiErrors.apiKeyInvalid());
    case 'forbidden':
      return error(geminiErrors.consumerSuspended(ctx.key));
    case 'not_found':
      return error(geminiErrors.modelNotFound(ctx.model, ctx.version, ctx.method));
    case 'bad_request':
      return error(geminiErrors.invalidArgument('Request contains an invalid argument.'));
    case 'context_length':
      return error(
        geminiErrors.contextLength(
          Math.max(ctx.promptTokens, GEMINI_CONTEXT_TOKENS + 1),
          GEMINI_CONTEXT_TOKENS,
        ),
      );
    case 'server_error':
      return error(geminiErrors.internal());
    case 'overloaded':
      return error(geminiErrors.unavailable());
    case 'slow':
      return { type: 'slow', delayMs: fault.delayMs ?? 1000 };
    case 'timeout':
      return { type: 'hang' };
    case 'connection_reset':
      return { type: 'reset' };
    case 'error_after_200':
      return ctx.stream ? { type: 'shape', shape: 'error_after_200' } : error(geminiErrors.unavailable());
    default:
      return { type: 'shape', shape: fault.kind };
  }
}

/**
 * The 429 for a request the hidden limits refused: the matching QuotaFailure (per-minute requests or input
 * tokens, per-day requests or tokens) with its limit and RetryInfo; a detail-less RESOURCE_EXHAUSTED for
 * concurrency; a per-day quota of 0 for a key whose billing is gone (how Gemini reports a tier without quota).
 *
 * @example
 * rejectionError({ ok: false, kind: 'requests', retryAfterMs: 2000, limit: 15, requested: 1 }, 'gemini-2.0-flash').error.status; // 'RESOURCE_EXHAUSTED'
 */
export function rejectionError(rejection: Extract<Admission, { ok: false }>, model: string): GeminiErrorBody {
  const retry = Math.max(0, rejection.retryAfterMs);
  switch (rejection.kind) {
    case 'requests':
      return geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerMinute, rejection.limit, model, retry);
    case 'tokens':
    case 'too_large':
      return geminiErrors.quotaExceeded(
        GEMINI_QUOTAS.inputTokensPerMinute,
        rejection.limit,
        model,
        Math.max(retry, 1000),
      );
    case 'requests_day':
      return geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerDay, rejection.limit, model, retry);
    case 'tokens_day':
      return geminiErrors.quotaExceeded(GEMINI_QUOTAS.inputTokensPerDay, rejection.limit, model, retry);
    case 'billing':
      return geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerDay, 0, model, 60_000);
    default:
      return geminiErrors.resourceExhausted();
  }
}
