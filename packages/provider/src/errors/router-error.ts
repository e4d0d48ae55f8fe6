import type { RateLimitObservation } from '../contract/rate-limit-observation.js';
import {
  DEFAULT_KEY_EFFECT,
  DEFAULT_RETRYABLE,
  type ErrorCategory,
  type KeyEffect,
} from './error-category.js';

const MARKER = Symbol.for('apikeyrouter.error');

/**
 * The routing decision a router attaches to an error. The kit knows only that it prints; the router widens
 * this interface (declaration merging) to its full explanation type, so `error.explanation.candidates` is
 * typed for router users while adapters never depend on the router.
 *
 * @example
 * console.log(String(error.explanation));
 */
export interface RouterErrorExplanation {
  toString(): string;
}

/**
 * Fields of a {@link RouterError} besides its message and category.
 *
 * @example
 * const options: RouterErrorOptions = { code: 'insufficient_quota', upstreamCode: 'billing_error', status: 400, providerId: 'anthropic' };
 */
export interface RouterErrorOptions {
  /**
   * A machine-readable sub-code. For an upstream error reply it is the canonical code of the kit's table
   * (`UPSTREAM_ERROR_CODES`: the same failure has the same code in every adapter); the router's own errors
   * and transport failures have their own (`unknown_key`, `connection_refused`, …).
   */
  code?: string;
  /**
   * The upstream's own error code or type, verbatim (`rate_limit_error`, `RESOURCE_EXHAUSTED`, …); kept in
   * `details.upstreamCode`, so it is scrubbed of key material with the details wherever they are.
   */
  upstreamCode?: string;
  /** Whether trying again (on another key or later) can succeed. Defaults per category. */
  retryable?: boolean;
  /** How long to wait before the same key (or, for `no_eligible_keys`, any key) can be used. */
  retryAfterMs?: number;
  /** Provider that produced the failure, when one did. */
  providerId?: string;
  /** Id of the key that produced the failure (never the key material). */
  keyId?: string;
  /** HTTP status from the provider, when there was one. */
  status?: number;
  /** What this failure means for the key; defaults per category. */
  keyEffect?: KeyEffect;
  /** Rate-limit facts carried by the failed response (headers or body). */
  rateLimits?: RateLimitObservation;
  /** The routing decision behind the failure. */
  explanation?: RouterErrorExplanation;
  /** Structured extra details (validation issues, budgets involved …). Never key material. */
  details?: Record<string, unknown>;
  /** The underlying error. */
  cause?: unknown;
}

function explanationJson(explanation: RouterErrorExplanation | undefined): unknown {
  if (explanation === undefined) return undefined;
  const toJSON = (explanation as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(explanation) : String(explanation);
}

/**
 * The one error class ApiKeyRouter throws. Switch on `category`; use {@link RouterError.isInstance} across
 * package copies instead of `instanceof`.
 *
 * @example
 * try {
 *   await router.route(intent, 'cost');
 * } catch (error) {
 *   if (RouterError.isInstance(error) && error.category === 'budget_exceeded') notifyFinance(error.details);
 * }
 */
export class RouterError extends Error {
  readonly [MARKER] = true;
  /** What kind of failure this is. */
  readonly category: ErrorCategory;
  /** Machine-readable sub-code, when known; for upstream error replies one of `UPSTREAM_ERROR_CODES`. */
  readonly code: string | undefined;
  /** Whether another attempt can succeed. */
  readonly retryable: boolean;
  /** Milliseconds until a retry makes sense, when known. */
  readonly retryAfterMs: number | undefined;
  /** Provider involved, when one was. */
  readonly providerId: string | undefined;
  /** Key id involved (never the material). */
  readonly keyId: string | undefined;
  /** Provider HTTP status, when there was one. */
  readonly status: number | undefined;
  /** Effect of this failure on the key's state. */
  readonly keyEffect: KeyEffect;
  /** Rate-limit facts carried by the failure. */
  readonly rateLimits: RateLimitObservation | undefined;
  /** Structured details. */
  readonly details: Record<string, unknown> | undefined;
  /** The routing decision behind the failure; set by the router. */
  explanation: RouterErrorExplanation | undefined;

  constructor(category: ErrorCategory, message: string, options: RouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RouterError';
    this.category = category;
    this.code = options.code;
    this.retryable = options.retryable ?? DEFAULT_RETRYABLE[category];
    this.retryAfterMs = options.retryAfterMs;
    this.providerId = options.providerId;
    this.keyId = options.keyId;
    this.status = options.status;
    this.keyEffect = options.keyEffect ?? DEFAULT_KEY_EFFECT[category];
    this.rateLimits = options.rateLimits;
    this.details =
      options.upstreamCode === undefined
        ? options.details
        : { ...options.details, upstreamCode: options.upstreamCode };
    this.explanation = options.explanation;
  }

  /**
   * The upstream's own error code or type (`rate_limit_error`, `RESOURCE_EXHAUSTED`, `insufficient_quota`),
   * when an upstream sent one; switch on `code` instead, which is the same in every adapter. Read from
   * `details.upstreamCode`, which every copy of the error carries and the scrubber cleans.
   */
  get upstreamCode(): string | undefined {
    const value = this.details?.upstreamCode;
    return typeof value === 'string' ? value : undefined;
  }

  /** True for any RouterError, even one created by another copy of this package. */
  static isInstance(value: unknown): value is RouterError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** A plain, loggable object (no cause chain, no stack). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      category: this.category,
      message: this.message,
      code: this.code,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      providerId: this.providerId,
      keyId: this.keyId,
      status: this.status,
      details: this.details,
      explanation: explanationJson(this.explanation),
    };
  }
}
