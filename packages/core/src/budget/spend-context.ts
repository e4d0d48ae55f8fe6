import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ValidationError } from '../errors/specific-errors.js';
import type { BudgetReservation, SpendContext } from './budget-types.js';
import { parseOrThrow } from './validation.js';

const spendContextSchema = z.object({
  providerId: z.string().min(1),
  keyId: z.string().min(1),
  model: z.string().trim().min(1),
  tags: z.record(z.string().min(1), z.string()).optional(),
});

function isPlainContext(input: unknown): input is SpendContext {
  if (typeof input !== 'object' || input === null) return false;
  const { providerId, keyId, model, tags } = input as Record<string, unknown>;
  if (typeof providerId !== 'string' || providerId === '' || typeof keyId !== 'string' || keyId === '')
    return false;
  if (typeof model !== 'string' || model.trim() === '') return false;
  if (tags === undefined) return true;
  if (typeof tags !== 'object' || tags === null || Object.getPrototypeOf(tags) !== Object.prototype)
    return false;
  for (const [name, value] of Object.entries(tags))
    if (name === '' || typeof value !== 'string') return false;
  return true;
}

/**
 * Validates a {@link SpendContext} and returns a frozen copy (tags copied too), so a reservation's context
 * cannot change under it. Throws `ValidationError`.
 *
 * @example
 * const context = readSpendContext({ providerId: 'openai', keyId: 'k1', model: 'gpt-4o' });
 */
export function readSpendContext(input: unknown): SpendContext {
  // Fast path for the router's own well-formed contexts (every request passes here twice); anything else
  // goes through the schema for precise error messages.
  if (isPlainContext(input)) {
    const context: SpendContext = {
      providerId: input.providerId,
      keyId: input.keyId,
      model: input.model.trim(),
    };
    if (input.tags !== undefined) context.tags = Object.freeze({ ...input.tags });
    return Object.freeze(context);
  }
  const parsed = parseOrThrow(spendContextSchema, input, 'Invalid spend context');
  const context: SpendContext = { providerId: parsed.providerId, keyId: parsed.keyId, model: parsed.model };
  if (parsed.tags !== undefined) context.tags = Object.freeze({ ...parsed.tags });
  return Object.freeze(context);
}

/**
 * Checks that `value` is a finite, non-negative Decimal (or undefined when `optional`), for costs handed to
 * the controller. Throws `ValidationError` naming `path`.
 *
 * @example
 * readCost(maxCost, 'maxCost', true);
 */
export function readCost(value: unknown, path: string, optional: true): Decimal | undefined;
export function readCost(value: unknown, path: string, optional: false): Decimal;
export function readCost(value: unknown, path: string, optional: boolean): Decimal | undefined {
  if (value === undefined && optional) return undefined;
  if (Decimal.isDecimal(value) && value.isFinite() && !value.isNegative())
    // Decimals are immutable: only an instance of another Decimal class (e.g. a clone) needs copying.
    return value.constructor === Decimal ? value : new Decimal(value);
  throw new ValidationError(`Invalid ${path} (must be a finite Decimal >= 0)`, [
    { path, message: 'must be a finite Decimal >= 0' },
  ]);
}

/**
 * Checks that `value` looks like a reservation handed out by the controller. Throws `ValidationError`.
 *
 * @example
 * readReservation(reservation).id;
 */
export function readReservation(value: unknown): BudgetReservation {
  const candidate = value as Partial<BudgetReservation> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    !Array.isArray(candidate.budgetIds)
  ) {
    throw new ValidationError('Invalid reservation (pass the object reserve() returned)', [
      { path: 'reservation', message: 'not a reservation' },
    ]);
  }
  return candidate as BudgetReservation;
}
