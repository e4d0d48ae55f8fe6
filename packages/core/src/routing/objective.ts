import { z } from 'zod';
import { ValidationError } from '../errors/specific-errors.js';
import { parseUntrusted } from '../intent/parse-untrusted.js';
import type { ObjectiveExplanation, ScorerName } from './explanation/explanation-types.js';

/**
 * The built-in objective presets.
 *
 * @example
 * ```ts
 * const preset: ObjectivePreset = 'reliability';
 * const res = await router.route(intent, preset);
 * res.explanation.objective.name; // 'reliability'
 * ```
 */
export type ObjectivePreset = 'cost' | 'reliability' | 'fairness' | 'latency' | 'quality' | 'balanced';

/**
 * Hard limits a candidate must meet, whatever its score.
 *
 * @example
 * ```ts
 * const constraints: RoutingConstraints = { maxCostPerRequest: '0.01', maxLatencyMs: 2_000, excludeProviders: ['ollama'] };
 * await router.route(intent, { primary: 'cost', constraints });
 * ```
 */
export interface RoutingConstraints {
  /** Worst-case cost of this request, in USD (decimal string). Candidates that may cost more are excluded. */
  maxCostPerRequest?: string;
  /** Candidates whose smoothed latency is above this are excluded (unknown latency passes). */
  maxLatencyMs?: number;
  /** Candidates whose smoothed success rate is below this (0..1) are excluded. */
  minReliability?: number;
  /** Only these providers. */
  providers?: string[];
  /** Never these providers. */
  excludeProviders?: string[];
  /** Only keys carrying all of these tags. */
  keyTags?: Record<string, string>;
}

/**
 * A custom objective: a primary preset, optionally blended with a secondary one, or explicit weights, plus
 * constraints.
 *
 * @example
 * const objective: RoutingObjective = {
 *   primary: 'cost',
 *   weights: { cost: 0.6, latency: 0.3, reliability: 0.1 },
 *   constraints: { maxCostPerRequest: '0.01' },
 * };
 */
export interface RoutingObjective {
  /** The preset the objective is named after. */
  primary: ObjectivePreset;
  /** A preset blended in at 30 %. */
  secondary?: ObjectivePreset;
  /** Explicit weights per scorer; normalised to sum to 1. Override the presets when given. */
  weights?: Partial<Record<ScorerName, number>>;
  /** Hard limits on candidates. */
  constraints?: RoutingConstraints;
}

/**
 * What `route()` accepts as an objective.
 *
 * @example
 * ```ts
 * const objective: ObjectiveInput = tenant.premium ? 'quality' : { primary: 'cost', secondary: 'latency' };
 * await router.route(intent, objective);
 * ```
 */
export type ObjectiveInput = ObjectivePreset | RoutingObjective;

/**
 * An objective ready for scoring: normalised weights plus the constraints that filter candidates.
 *
 * @example
 * const objective: ResolvedObjective = resolveObjective('balanced');
 */
export interface ResolvedObjective extends ObjectiveExplanation {
  /** Hard constraints (max cost, latency, required capabilities); undefined when there are none. */
  constraints: RoutingConstraints | undefined;
}

/**
 * Weights of each preset. Every preset keeps some headroom so near-limit keys are avoided.
 *
 * @example
 * ```ts
 * OBJECTIVE_PRESETS.cost; // { cost: 0.7, reliability: 0.15, headroom: 0.15 }
 * // Start from a preset and make latency count too:
 * await router.route(intent, { primary: 'cost', weights: { ...OBJECTIVE_PRESETS.cost, latency: 0.2 } });
 * ```
 */
export const OBJECTIVE_PRESETS: Readonly<Record<ObjectivePreset, Partial<Record<ScorerName, number>>>> = {
  cost: { cost: 0.7, reliability: 0.15, headroom: 0.15 },
  reliability: { reliability: 0.6, headroom: 0.25, latency: 0.15 },
  fairness: { fairness: 0.7, headroom: 0.2, reliability: 0.1 },
  latency: { latency: 0.7, reliability: 0.2, headroom: 0.1 },
  quality: { quality: 0.6, reliability: 0.25, headroom: 0.15 },
  balanced: { cost: 0.25, latency: 0.2, reliability: 0.25, fairness: 0.1, headroom: 0.2 },
};

const presetSchema = z.enum(['cost', 'reliability', 'fairness', 'latency', 'quality', 'balanced']);
const weight = z.number().min(0).max(1000).refine(Number.isFinite);
const objectiveSchema = z.strictObject({
  primary: presetSchema,
  secondary: presetSchema.optional(),
  weights: z
    .strictObject({
      cost: weight.optional(),
      latency: weight.optional(),
      reliability: weight.optional(),
      fairness: weight.optional(),
      headroom: weight.optional(),
      quality: weight.optional(),
    })
    .optional(),
  constraints: z
    .strictObject({
      maxCostPerRequest: z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string')
        .optional(),
      maxLatencyMs: z.number().positive().optional(),
      minReliability: z.number().min(0).max(1).optional(),
      providers: z.array(z.string().min(1)).optional(),
      excludeProviders: z.array(z.string().min(1)).optional(),
      keyTags: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

function normalise(weights: Partial<Record<ScorerName, number>>): Partial<Record<ScorerName, number>> {
  let sum = 0;
  for (const value of Object.values(weights)) sum += value ?? 0;
  if (sum <= 0)
    throw new ValidationError('Objective weights must not all be zero', [
      { path: 'weights', message: 'sum is 0' },
    ]);
  const out: Partial<Record<ScorerName, number>> = {};
  // Weights that already sum to 1 stay exactly as given (no 0.6 → 0.6000000000000001 noise in explanations).
  const divisor = Math.abs(sum - 1) < 1e-9 ? 1 : sum;
  for (const [name, value] of Object.entries(weights) as Array<[ScorerName, number | undefined]>) {
    if (value) out[name] = value / divisor;
  }
  return out;
}

const presetCache = new Map<ObjectivePreset, ResolvedObjective>();

/**
 * Turns an objective name or object into normalised weights and constraints; bad input → ValidationError.
 *
 * @example
 * resolveObjective('cost').weights; // { cost: 0.7, reliability: 0.15, headroom: 0.15 }
 */
export function resolveObjective(input: unknown): ResolvedObjective {
  if (typeof input === 'string') {
    const cached = presetCache.get(input as ObjectivePreset);
    if (cached) return cached;
    const preset = presetSchema.safeParse(input);
    if (!preset.success) {
      throw new ValidationError(`Unknown objective "${input.slice(0, 50)}"`, [
        { path: 'objective', message: `expected one of ${presetSchema.options.join(', ')}` },
      ]);
    }
    const resolved = {
      name: preset.data,
      weights: normalise(OBJECTIVE_PRESETS[preset.data]),
      constraints: undefined,
    };
    presetCache.set(preset.data, resolved);
    return resolved;
  }
  const parsed = parseUntrusted(objectiveSchema, input, 'routing objective', 'objective');
  const { primary, secondary, weights, constraints } = parsed;
  let blended: Partial<Record<ScorerName, number>>;
  if (weights && Object.values(weights).some((value) => (value ?? 0) > 0)) {
    blended = weights;
  } else {
    blended = { ...OBJECTIVE_PRESETS[primary] };
    if (secondary) {
      const second = OBJECTIVE_PRESETS[secondary];
      const mixed: Partial<Record<ScorerName, number>> = {};
      for (const name of new Set([...Object.keys(blended), ...Object.keys(second)]) as Set<ScorerName>) {
        mixed[name] = 0.7 * (blended[name] ?? 0) + 0.3 * (second[name] ?? 0);
      }
      blended = mixed;
    }
  }
  return {
    name: secondary ? `${primary}+${secondary}` : primary,
    weights: normalise(blended),
    constraints,
  };
}
