import { z } from 'zod';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import { ValidationError, type ValidationIssueInput } from '../errors/specific-errors.js';
import { parseUntrusted } from '../intent/parse-untrusted.js';
import type { KeyOptions } from '../keys/key-info.js';

const limit = z.number().int().positive().max(1e12);

/**
 * Declared limits as `registerKey` and `setQuotaGroup` accept them: whole numbers from 1 to 10^12.
 *
 * @example
 * declaredLimitsSchema.parse({ rpm: 500, tpm: 200_000 });
 */
export const declaredLimitsSchema = z.strictObject({
  rpm: limit.optional(),
  tpm: limit.optional(),
  rpd: limit.optional(),
  tpd: limit.optional(),
  inputTpm: limit.optional(),
  outputTpm: limit.optional(),
  concurrency: limit.optional(),
});

/**
 * A quota group's name: 1-64 of a-z 0-9 . _ - starting with a letter or digit.
 *
 * @example
 * quotaGroupNameSchema.parse('org-a');
 */
export const quotaGroupNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be 1-64 of a-z 0-9 . _ - starting with a letter or digit');

const keyOptionsSchema = z.strictObject({
  label: z.string().min(1).max(100).optional(),
  models: z.array(z.string().min(1).max(256)).max(1000).optional(),
  limits: declaredLimitsSchema.optional(),
  weight: z.number().positive().max(1e6).refine(Number.isFinite).optional(),
  tags: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
  quotaGroup: quotaGroupNameSchema.nullable().optional(),
});

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * Validates `registerKey` arguments; never echoes the material in the error.
 *
 * @example
 * const options = parseKeyArguments('sk-…', 'openai', { label: 'prod' });
 */
export function parseKeyArguments(material: unknown, providerId: unknown, options: unknown): KeyOptions {
  const issues: ValidationIssueInput[] = [];
  if (typeof material !== 'string' || material.trim() === '') {
    issues.push({ path: 'material', message: 'key material must be a non-empty string' });
  } else if (material.length < 6 || material.length > 8192 || /\s/.test(material)) {
    // Below 6 characters material could not be redacted from text safely (it would match ordinary words),
    // so it is refused; keyless providers take a placeholder such as 'ollama-local'.
    issues.push({ path: 'material', message: 'key material must be 6-8192 characters without whitespace' });
  }
  if (typeof providerId !== 'string' || !PROVIDER_ID.test(providerId)) {
    issues.push({ path: 'providerId', message: 'provider id must be 1-64 of a-z 0-9 . _ -' });
  }
  let parsed: KeyOptions | undefined;
  try {
    parsed = parseUntrusted(keyOptionsSchema, options ?? {}, 'key options', 'options') as KeyOptions;
  } catch (error) {
    issues.push(...(error as ValidationError).issues);
  }
  if (issues.length > 0 || parsed === undefined) {
    const first = issues[0];
    const where = typeof first?.path === 'string' ? first.path : first?.path.join('.');
    throw new ValidationError(`Invalid key registration (${where}: ${first?.message})`, issues);
  }
  return parsed;
}

/**
 * Validates a provider id for `registerProvider`.
 *
 * @example
 * assertProviderId('openai');
 */
export function assertProviderId(providerId: unknown): asserts providerId is string {
  if (typeof providerId !== 'string' || !PROVIDER_ID.test(providerId)) {
    throw new ValidationError('Invalid provider id', [
      { path: 'providerId', message: 'must be 1-64 of a-z 0-9 . _ -' },
    ]);
  }
}

/**
 * Checks that a value given to `registerProvider` has the adapter contract's methods.
 *
 * @example
 * assertAdapter(new OpenAIAdapter());
 */
export function assertAdapter(adapter: unknown): asserts adapter is ProviderAdapter {
  const candidate = adapter as Partial<ProviderAdapter> | null;
  const valid =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.execute === 'function' &&
    typeof candidate.stream === 'function' &&
    typeof candidate.classifyError === 'function' &&
    typeof candidate.parseRateLimits === 'function' &&
    typeof candidate.capabilities === 'object';
  if (!valid) {
    throw new ValidationError('Not a ProviderAdapter', [
      { path: 'adapter', message: 'needs capabilities, execute, stream, parseRateLimits and classifyError' },
    ]);
  }
}
