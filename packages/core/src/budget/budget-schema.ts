import { z } from 'zod';
import { ValidationError } from '../errors/specific-errors.js';
import type { Budget, BudgetInput, CostControllerOptions } from './budget-types.js';
import { nonNegativeMoneySchema } from './money.js';
import { parseOrThrow } from './validation.js';
import { isValidTimeZone } from './window/zone-offset.js';

/**
 * Thresholds used when a budget names none.
 *
 * @example
 * DEFAULT_THRESHOLDS; // [0.5, 0.8, 1]
 */
export const DEFAULT_THRESHOLDS: readonly number[] = Object.freeze([0.5, 0.8, 1]);

const periodSchema = z.union([
  z.enum(['minute', 'hour', 'day', 'week', 'month', 'total']),
  z.strictObject({ rollingMs: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
]);

const scopeSchema = z.enum(['global', 'provider', 'key', 'model', 'tag']);

/**
 * Zod schema of a {@link BudgetInput}. Strict: unknown fields are reported. Cross-field rules: `scopeId` is
 * required for every scope but `global` (which takes none), tag scope ids read `tagName:value`, and
 * `downgrade` budgets need at least one `downgradeTo` model.
 *
 * @example
 * budgetInputSchema.safeParse({ scope: 'global', limit: '-1', period: 'day', enforcementMode: 'hard' }).success; // false
 */
export const budgetInputSchema = z
  .strictObject({
    scope: scopeSchema,
    scopeId: z.string().trim().min(1).max(512).optional(),
    limit: nonNegativeMoneySchema,
    period: periodSchema,
    timezone: z.string().min(1).refine(isValidTimeZone, { message: 'unknown IANA time zone' }).optional(),
    enforcementMode: z.enum(['hard', 'soft', 'downgrade']),
    // Above 1 is allowed so soft budgets can warn about overspend (e.g. 1.5 = 150 %).
    thresholds: z.array(z.number().gt(0).max(10)).max(32).optional(),
    downgradeTo: z.array(z.string().trim().min(1).max(256)).max(16).optional(),
    allowUnknownCost: z.boolean().optional(),
    name: z.string().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.scope === 'global' && input.scopeId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: 'a global budget takes no scopeId' });
    }
    if (input.scope !== 'global' && input.scopeId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: `a ${input.scope} budget needs a scopeId` });
    }
    if (input.scope === 'tag' && input.scopeId !== undefined && !/^[^:]+:/.test(input.scopeId)) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: 'a tag scopeId reads tagName:value' });
    }
    if (input.enforcementMode === 'downgrade' && (input.downgradeTo?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['downgradeTo'],
        message: 'a downgrade budget needs at least one model to downgrade to',
      });
    }
  });

/**
 * Validates a budget input and fills in defaults (`timezone: 'UTC'`, thresholds sorted and de-duplicated,
 * default thresholds). Throws `ValidationError` with every issue.
 *
 * @example
 * const fields = parseBudgetInput({ scope: 'global', limit: '5', period: 'day', enforcementMode: 'soft' });
 */
export function parseBudgetInput(input: unknown): Omit<Budget, 'id' | 'createdAt'> {
  const parsed = parseOrThrow(budgetInputSchema, input, 'Invalid budget');
  const thresholds = [...new Set(parsed.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
  const budget: Omit<Budget, 'id' | 'createdAt'> = {
    scope: parsed.scope,
    limit: parsed.limit,
    period: typeof parsed.period === 'string' ? parsed.period : { rollingMs: parsed.period.rollingMs },
    timezone: parsed.timezone ?? 'UTC',
    enforcementMode: parsed.enforcementMode,
    thresholds,
  };
  if (parsed.scopeId !== undefined) budget.scopeId = parsed.scopeId;
  if (parsed.downgradeTo !== undefined) budget.downgradeTo = [...parsed.downgradeTo];
  if (parsed.allowUnknownCost !== undefined) budget.allowUnknownCost = parsed.allowUnknownCost;
  if (parsed.name !== undefined) budget.name = parsed.name;
  return budget;
}

/**
 * The input fields of a stored budget, for merging with an update patch.
 *
 * @example
 * parseBudgetInput({ ...budgetToInput(budget), ...patch });
 */
export function budgetToInput(budget: Budget): BudgetInput {
  const { id: _id, createdAt: _createdAt, ...input } = budget;
  return { ...input };
}

/**
 * A copy of a budget that callers may mutate without touching the stored one.
 *
 * @example
 * return copyBudget(stored);
 */
export function copyBudget(budget: Budget): Budget {
  const copy: Budget = { ...budget };
  if (typeof budget.period === 'object') copy.period = { ...budget.period };
  if (budget.thresholds) copy.thresholds = [...budget.thresholds];
  if (budget.downgradeTo) copy.downgradeTo = [...budget.downgradeTo];
  return copy;
}

/**
 * The options of a `CostController`, checked, with defaults: `ValidationError` without a clock or with a
 * `defaultOutputTokens` that is not a positive integer.
 *
 * @example
 * const { clock, holdMs } = readControllerOptions({ clock: new SystemClock() });
 */
export function readControllerOptions(
  options: CostControllerOptions,
): Required<Pick<CostControllerOptions, 'clock' | 'defaultOutputTokens' | 'holdMs'>> &
  Pick<CostControllerOptions, 'onThreshold'> {
  if (typeof options?.clock?.now !== 'function') {
    throw new ValidationError('CostController needs a clock', [{ path: 'clock', message: 'required' }]);
  }
  const outputTokens = options.defaultOutputTokens ?? 1024;
  if (!Number.isSafeInteger(outputTokens) || outputTokens <= 0) {
    throw new ValidationError('Invalid CostController options (defaultOutputTokens: a positive integer)', [
      { path: 'defaultOutputTokens', message: 'must be a positive integer' },
    ]);
  }
  return {
    clock: options.clock,
    onThreshold: options.onThreshold,
    defaultOutputTokens: outputTokens,
    holdMs: options.holdMs ?? 600_000,
  };
}
