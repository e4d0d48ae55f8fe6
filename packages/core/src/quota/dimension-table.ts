import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import type { DeclaredLimits } from './quota-types.js';

// Dimensions are addressed by index so per-key state can live in small flat arrays (hot path, memory budget).
/** Index of `requests_per_minute`. */
export const RPM = 0;
/** Index of `tokens_per_minute`. */
export const TPM = 1;
/** Index of `input_tokens_per_minute`. */
export const INPUT_TPM = 2;
/** Index of `output_tokens_per_minute`. */
export const OUTPUT_TPM = 3;
/** Index of `requests_per_day`. */
export const RPD = 4;
/** Index of `tokens_per_day`. */
export const TPD = 5;
/** Index of `concurrency`, the one dimension without a usage window. */
export const CONCURRENCY = 6;
/** Dimensions 0..WINDOWED-1 are counted in usage windows. */
export const WINDOWED = 6;
/** Number of dimensions. */
export const DIMENSION_COUNT = 7;

/**
 * Dimension names by index.
 *
 * @example
 * DIMENSION_NAMES[TPM]; // 'tokens_per_minute'
 */
export const DIMENSION_NAMES: readonly QuotaDimension[] = [
  'requests_per_minute',
  'tokens_per_minute',
  'input_tokens_per_minute',
  'output_tokens_per_minute',
  'requests_per_day',
  'tokens_per_day',
  'concurrency',
];

/**
 * {@link DeclaredLimits} field for each dimension index.
 *
 * @example
 * DECLARED_FIELDS[RPM]; // 'rpm'
 */
export const DECLARED_FIELDS: readonly (keyof DeclaredLimits)[] = [
  'rpm',
  'tpm',
  'inputTpm',
  'outputTpm',
  'rpd',
  'tpd',
  'concurrency',
];

/**
 * Index of a dimension name, or -1 for a name this engine does not know.
 *
 * @example
 * dimensionIndex('requests_per_day'); // 4
 */
export function dimensionIndex(name: QuotaDimension): number {
  return DIMENSION_NAMES.indexOf(name);
}

/**
 * True for the per-day dimensions.
 *
 * @example
 * isDayDimension(RPD); // true
 */
export function isDayDimension(index: number): boolean {
  return index === RPD || index === TPD;
}

/**
 * What one request consumes of a dimension: 1 request, or its tokens (total, input or output).
 *
 * @example
 * amountFor(TPM, 200, 500); // 700
 */
export function amountFor(index: number, inputTokens: number, outputTokens: number): number {
  switch (index) {
    case TPM:
    case TPD:
      return inputTokens + outputTokens;
    case INPUT_TPM:
      return inputTokens;
    case OUTPUT_TPM:
      return outputTokens;
    default:
      return 1;
  }
}
