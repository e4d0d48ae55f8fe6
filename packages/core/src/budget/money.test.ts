import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  moneySchema,
  nonNegativeMoneySchema,
  readMoney,
  scaleMoney,
  subMoney,
  tokenCost,
} from './money.js';

describe('readMoney', () => {
  it('reads decimal strings, finite numbers and Decimals as Decimal', () => {
    expect(readMoney('12.50')).toEqual(new Decimal('12.5'));
    expect(readMoney(' 0.1 ')).toEqual(new Decimal('0.1'));
    expect(readMoney(0.1)).toEqual(new Decimal('0.1'));
    expect(readMoney(new Decimal('3'))).toEqual(new Decimal(3));
    expect(readMoney('1e-3')).toEqual(new Decimal('0.001'));
  });

  it('rejects non-finite numbers, junk strings and other types with a reason', () => {
    expect(readMoney(Number.NaN)).toBe('must be a finite number');
    expect(readMoney(Number.POSITIVE_INFINITY)).toBe('must be a finite number');
    expect(readMoney('12,50')).toMatch(/decimal number/);
    expect(readMoney('Infinity')).toMatch(/decimal number/);
    expect(readMoney('')).toMatch(/decimal number/);
    expect(readMoney(new Decimal(Number.NaN))).toMatch(/finite Decimal/);
    expect(readMoney(null)).toMatch(/decimal string/);
    expect(readMoney({ value: 1 })).toMatch(/decimal string/);
  });

  it('schemas report issues instead of throwing, and refuse negatives where asked', () => {
    expect(moneySchema.safeParse('abc').success).toBe(false);
    expect(moneySchema.safeParse('-1').success).toBe(true);
    expect(nonNegativeMoneySchema.safeParse('-0.01').success).toBe(false);
    expect(nonNegativeMoneySchema.parse(0)).toEqual(new Decimal(0));
  });
});

describe('money arithmetic', () => {
  it('is exact beyond the 20 significant digits of the global Decimal', () => {
    const big = new Decimal('123456789012.123456789012');
    const sum = addMoney(big, new Decimal('0.000000000001'));
    expect(sum.toString()).toBe('123456789012.123456789013');
    expect(big.plus('0.000000000001').toString()).not.toBe(sum.toString());
    expect(sum).toBeInstanceOf(Decimal);
  });

  it('prices tokens per million exactly and subtracts exactly', () => {
    expect(tokenCost(1500, new Decimal('2.50')).toString()).toBe('0.00375');
    expect(tokenCost(1, new Decimal('0.075')).toString()).toBe('7.5e-8');
    expect(subMoney(new Decimal('0.3'), new Decimal('0.1')).toString()).toBe('0.2');
  });

  it('rounds projections to 12 decimal places', () => {
    expect(scaleMoney(new Decimal(1), 1, 3).toString()).toBe('0.333333333333');
  });
});
