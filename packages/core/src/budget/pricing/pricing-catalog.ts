import { type ModelPrice, toModelPrice } from './model-price.js';

/**
 * ISO date the built-in prices were last checked against the providers' published list prices (standard tier,
 * USD per one million tokens). Prices change: override them with `CostController.setModelPrice`.
 *
 * @example
 * console.log(`catalog prices as of ${PRICING_CHECKED_AT}`);
 */
export const PRICING_CHECKED_AT = '2026-11-22';

/** input / output / cached input / cache write (5-minute), USD per 1M tokens, as decimal strings. */
type Row = readonly [input: string, output: string, cachedInput?: string, cacheWrite?: string];

// Sources, checked 2026-11-22 (stored copies of public pages; a model is listed only when its price could be
// confirmed, models whose price could not be confirmed are left out rather than guessed):
// - OpenAI: developers.openai.com/api/docs/pricing (standard tier), cross-checked with published transcriptions.
// - Anthropic: docs.anthropic.com / platform.claude.com "Pricing" (base input, 5m cache writes, cache hits,
//   output). Sonnet 4/4.5 long-context (>200K input) rates are higher and not modelled here.
// - Google: ai.google.dev/gemini-api/docs/pricing, paid tier, prompts <= 200K tokens (2.5 Pro doubles above).
// - Groq: groq.com/pricing and console.groq.com/docs/models.
// - Mistral: docs.mistral.ai pricing, via published model tables.
const ROWS: Readonly<Record<string, Row>> = {
  // OpenAI
  'gpt-5.4': ['2.50', '15.00', '0.25'],
  'gpt-5.4-mini': ['0.75', '4.50', '0.075'],
  'gpt-5.4-nano': ['0.20', '1.25', '0.02'],
  'gpt-5': ['1.25', '10.00', '0.125'],
  'gpt-5-mini': ['0.25', '2.00', '0.025'],
  'gpt-5-nano': ['0.05', '0.40', '0.005'],
  'gpt-4.1': ['2.00', '8.00', '0.50'],
  'gpt-4.1-mini': ['0.40', '1.60', '0.10'],
  'gpt-4.1-nano': ['0.10', '0.40', '0.025'],
  'gpt-4o': ['2.50', '10.00', '1.25'],
  // The first gpt-4o snapshot kept its launch price; listed so it does not fall back to gpt-4o.
  'gpt-4o-2024-05-13': ['5.00', '15.00'],
  'gpt-4o-mini': ['0.15', '0.60', '0.075'],
  o1: ['15.00', '60.00', '7.50'],
  o3: ['2.00', '8.00', '0.50'],
  'o3-mini': ['1.10', '4.40', '0.55'],
  'o4-mini': ['1.10', '4.40', '0.275'],
  // Anthropic
  'claude-opus-4-7': ['5', '25', '0.50', '6.25'],
  'claude-opus-4-6': ['5', '25', '0.50', '6.25'],
  'claude-opus-4-5': ['5', '25', '0.50', '6.25'],
  'claude-opus-4-1': ['15', '75', '1.50', '18.75'],
  'claude-opus-4': ['15', '75', '1.50', '18.75'],
  'claude-opus-4-0': ['15', '75', '1.50', '18.75'],
  'claude-sonnet-4-6': ['3', '15', '0.30', '3.75'],
  'claude-sonnet-4-5': ['3', '15', '0.30', '3.75'],
  'claude-sonnet-4': ['3', '15', '0.30', '3.75'],
  'claude-sonnet-4-0': ['3', '15', '0.30', '3.75'],
  'claude-3-7-sonnet': ['3', '15', '0.30', '3.75'],
  'claude-3-5-sonnet': ['3', '15', '0.30', '3.75'],
  'claude-haiku-4-5': ['1', '5', '0.10', '1.25'],
  'claude-3-5-haiku': ['0.80', '4', '0.08', '1'],
  'claude-3-haiku': ['0.25', '1.25', '0.03', '0.30'],
  // Google Gemini
  'gemini-2.5-pro': ['1.25', '10.00', '0.125'],
  'gemini-2.5-flash': ['0.30', '2.50', '0.03'],
  'gemini-2.5-flash-lite': ['0.10', '0.40', '0.01'],
  // Groq
  'llama-3.3-70b-versatile': ['0.59', '0.79'],
  'llama-3.1-8b-instant': ['0.05', '0.08'],
  'openai/gpt-oss-120b': ['0.15', '0.60', '0.075'],
  'meta-llama/llama-4-scout-17b-16e-instruct': ['0.11', '0.34'],
  // Mistral ("-latest" aliases listed only where the price held across the versions they pointed to)
  'mistral-large-2411': ['2', '6'],
  'mistral-small-latest': ['0.10', '0.30'],
  'codestral-latest': ['0.30', '0.90'],
  'ministral-8b-latest': ['0.10', '0.10'],
  'ministral-3b-latest': ['0.04', '0.04'],
  'magistral-medium-latest': ['2', '5'],
};

function toPrice([input, output, cachedInput, cacheWrite]: Row): ModelPrice {
  return toModelPrice(
    {
      inputPerMillion: input,
      outputPerMillion: output,
      ...(cachedInput === undefined ? {} : { cachedInputPerMillion: cachedInput }),
      ...(cacheWrite === undefined ? {} : { cacheWritePerMillion: cacheWrite }),
    },
    'catalog',
    PRICING_CHECKED_AT,
  );
}

const CATALOG: ReadonlyMap<string, ModelPrice> = new Map(
  Object.entries(ROWS).map(([model, row]) => [model, toPrice(row)]),
);

/**
 * The built-in price of a model id exactly as listed (lower case, no prefix handling; see `PriceBook` for
 * lookups that understand `provider/model` and dated snapshots).
 *
 * @example
 * catalogPrice('gpt-4o-mini')?.inputPerMillion.toString(); // '0.15'
 */
export function catalogPrice(model: string): ModelPrice | undefined {
  return CATALOG.get(model);
}

/**
 * Every model id in the built-in catalog.
 *
 * @example
 * catalogModels().includes('claude-3-5-haiku'); // true
 */
export function catalogModels(): string[] {
  return [...CATALOG.keys()];
}
