import { Decimal } from 'decimal.js';
import { z } from 'zod';

/**
 * An amount of money as callers may write it: a decimal string (`'12.50'`), a finite number, or a Decimal.
 * Stored as a `Decimal` at once, so a float never takes part in arithmetic.
 *
 * @example
 * const limit: MoneyInput = '50.00';
 */
export type MoneyInput = string | number | Decimal;

// Why a private high-precision clone: the global Decimal rounds every result to 20 significant digits, so a
// month of spend summed request by request could drift in the last places. Results are copied back into the
// global class (its constructor never rounds), so callers get ordinary `Decimal` instances.
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A running sum kept in the high-precision class, for ledgers that add on every request: one exact `plus`
 * per add instead of a conversion each way. Read it back with {@link RunningTotal.value}.
 *
 * @example
 * const total = new RunningTotal();
 * total.add(cost);
 * total.value(); // Decimal
 */
export class RunningTotal {
  #sum: Decimal = new Exact(0);

  /** Adds an amount exactly. */
  add(amount: Decimal): void {
    this.#sum = this.#sum.plus(amount);
  }

  /** The sum as an ordinary Decimal. */
  value(): Decimal {
    return new Decimal(this.#sum);
  }
}

/**
 * Zero, shared (Decimals are immutable).
 *
 * @example
 * let total = ZERO;
 */
export const ZERO = new Decimal(0);

/**
 * Reads a {@link MoneyInput}; returns the Decimal, or a message saying why the value is not money.
 *
 * @example
 * readMoney('0.25'); // Decimal 0.25
 * readMoney(Number.NaN); // 'must be a finite number'
 */
export function readMoney(value: unknown): Decimal | string {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? new Decimal(value) : 'must be a finite number';
  }
  if (typeof value === 'string') {
    const text = value.trim();
    return DECIMAL_TEXT.test(text) ? new Decimal(text) : 'must be a decimal number such as "12.50"';
  }
  if (Decimal.isDecimal(value)) {
    return value.isFinite() ? new Decimal(value) : 'must be a finite Decimal';
  }
  return 'must be a decimal string, a finite number or a Decimal';
}

/**
 * Zod schema for any finite amount; parses to a `Decimal`.
 *
 * @example
 * moneySchema.parse('1.5').toString(); // '1.5'
 */
export const moneySchema = z
  .custom<MoneyInput>(
    (value) => typeof value === 'string' || typeof value === 'number' || Decimal.isDecimal(value),
    {
      message: 'must be a decimal string, a finite number or a Decimal',
    },
  )
  .transform((value, ctx): Decimal => {
    const money = readMoney(value);
    if (typeof money === 'string') {
      ctx.addIssue({ code: 'custom', message: money });
      return z.NEVER;
    }
    return money;
  });

/**
 * Zod schema for an amount that must not be negative (limits, prices).
 *
 * @example
 * nonNegativeMoneySchema.safeParse('-1').success; // false
 */
export const nonNegativeMoneySchema = moneySchema.refine((money) => !money.isNegative(), {
  message: 'must not be negative',
});

/**
 * Exact sum of amounts (no 20-digit rounding).
 *
 * @example
 * addMoney(new Decimal('0.1'), new Decimal('0.2')).toString(); // '0.3'
 */
export function addMoney(...amounts: Decimal[]): Decimal {
  let total = new Exact(0);
  for (const amount of amounts) total = total.plus(amount);
  return new Decimal(total);
}

/**
 * Exact difference `a - b`.
 *
 * @example
 * subMoney(new Decimal(1), new Decimal('0.25')).toString(); // '0.75'
 */
export function subMoney(a: Decimal, b: Decimal): Decimal {
  return new Decimal(new Exact(a).minus(b));
}

/**
 * Exact product of an amount and a factor.
 *
 * @example
 * mulMoney(new Decimal('2.5'), 3).toString(); // '7.5'
 */
export function mulMoney(amount: Decimal, factor: Decimal | number): Decimal {
  return new Decimal(new Exact(amount).times(factor));
}

/**
 * Cost of `tokens` at a price per one million tokens: `tokens × perMillion / 1,000,000`, exactly.
 *
 * @example
 * tokenCost(1500, new Decimal('2.50')).toString(); // '0.00375'
 */
export function tokenCost(tokens: number, perMillion: Decimal): Decimal {
  if (tokens === 0) return ZERO;
  // Division by a power of ten is exact; caching the per-token rate saves a division per priced call.
  let perToken = perTokenRates.get(perMillion);
  if (!perToken) {
    perToken = new Exact(perMillion).dividedBy(1_000_000);
    perTokenRates.set(perMillion, perToken);
  }
  return new Decimal(perToken.times(tokens));
}

const perTokenRates = new WeakMap<Decimal, Decimal>();

/**
 * `amount × numerator / denominator`, rounded to 12 decimal places (used for projections, which are
 * estimates and may not terminate).
 *
 * @example
 * scaleMoney(new Decimal(10), 3, 2).toString(); // '15'
 */
export function scaleMoney(amount: Decimal, numerator: number, denominator: number): Decimal {
  const scaled = new Exact(amount).times(numerator).dividedBy(denominator);
  return new Decimal(scaled.toDecimalPlaces(12, Decimal.ROUND_HALF_UP));
}

/**
 * The larger of two amounts.
 *
 * @example
 * maxMoney(new Decimal(1), new Decimal(2)).toString(); // '2'
 */
export function maxMoney(a: Decimal, b: Decimal): Decimal {
  return a.greaterThanOrEqualTo(b) ? a : b;
}
