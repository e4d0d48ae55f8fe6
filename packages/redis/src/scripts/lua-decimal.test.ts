import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import { LUA_DECIMAL } from './lua-decimal.js';

const SCRIPT = `${LUA_DECIMAL}
return {dadd(ARGV[1], ARGV[2]), dsub(ARGV[1], ARGV[2]), dcmp(ARGV[1], ARGV[2])}`;

const SUM3 = `${LUA_DECIMAL}
return {dsum3cmp(ARGV[1], ARGV[2], ARGV[3], ARGV[4]), dadd(ARGV[1], ARGV[1]), dsub(ARGV[2], ARGV[2])}`;

let server: RedisServerHandle;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

const Exact = Decimal.clone({ precision: 200 });
const money = fc
  .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 24 }))
  .map(([units, scale]) => new Exact(units.toString()).dividedBy(new Exact(10).pow(scale)).toFixed());

// Ordinary request amounts: at most 15 digits once aligned, the scripts' fast path (and its edge, 15 nines).
const small = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 15 }))
  .map(([units, scale]) => new Exact(units.toString()).dividedBy(new Exact(10).pow(scale)).toFixed());

// Amounts on both sides of the short path's edges: 13 to 17 digits, scales 0 to 17, so that aligning the two
// scales pushes some pairs past 15 digits (the long path) and keeps others just inside.
const edge = fc
  .tuple(
    fc.integer({ min: 13, max: 17 }),
    fc.integer({ min: 0, max: 17 }),
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 17n }),
  )
  .map(([digits, scale, negative, seed]) => {
    const units = (seed % 10n ** BigInt(digits)).toString();
    const value = new Exact(units).dividedBy(new Exact(10).pow(scale));
    return (negative ? value.negated() : value).toFixed();
  });

describe('Lua decimal arithmetic (money never becomes a float in a script)', () => {
  it('adds, subtracts and compares exactly like decimal.js', async () => {
    await fc.assert(
      fc.asyncProperty(money, money, async (a, b) => {
        const [sum, difference, order] = (await client.eval(SCRIPT, 0, a, b)) as [string, string, number];
        expect(sum).toBe(new Exact(a).plus(b).toFixed());
        expect(difference).toBe(new Exact(a).minus(b).toFixed());
        expect(order).toBe(new Exact(a).comparedTo(b));
      }),
      { numRuns: 300 },
    );
  });

  it('is exact on the short path for ordinary amounts, up to its 15-digit edge', async () => {
    await fc.assert(
      fc.asyncProperty(small, small, async (a, b) => {
        const [sum, difference, order] = (await client.eval(SCRIPT, 0, a, b)) as [string, string, number];
        expect(sum).toBe(new Exact(a).plus(b).toFixed());
        expect(difference).toBe(new Exact(a).minus(b).toFixed());
        expect(order).toBe(new Exact(a).comparedTo(b));
      }),
      { numRuns: 300 },
    );
    const [edge, below] = (await client.eval(SCRIPT, 0, '999999999999999', '-999999999999999')) as [
      string,
      string,
    ];
    expect(edge).toBe('0');
    expect(below).toBe('1999999999999998');
    const [tiny] = (await client.eval(SCRIPT, 0, '0.000000000000001', '0.99999999999999')) as [string];
    expect(tiny).toBe('0.999999999999991');
  });

  it('is exact at the edges of the short path (15 digits once aligned) and past them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(edge, small), fc.oneof(edge, small), async (a, b) => {
        const [sum, difference, order] = (await client.eval(SCRIPT, 0, a, b)) as [string, string, number];
        expect(sum).toBe(new Exact(a).plus(b).toFixed());
        expect(difference).toBe(new Exact(a).minus(b).toFixed());
        expect(order).toBe(new Exact(a).comparedTo(b));
      }),
      { numRuns: 500 },
    );
    const cases: Array<[string, string]> = [
      ['999999999999999', '1'],
      ['-999999999999999', '-999999999999999'],
      ['99999999999999.9', '0.01'],
      ['0.000000000000001', '999999999999999'],
      ['-0.5', '0.5'],
      ['0.10', '0.20'],
    ];
    for (const [a, b] of cases) {
      const [sum, difference, order] = (await client.eval(SCRIPT, 0, a, b)) as [string, string, number];
      expect(sum).toBe(new Exact(a).plus(b).toFixed());
      expect(difference).toBe(new Exact(a).minus(b).toFixed());
      expect(order).toBe(new Exact(a).comparedTo(b));
    }
  });

  it('compares a sum of three with a limit exactly (the reserve check), on both paths', async () => {
    const any = fc.oneof(money, small, edge);
    await fc.assert(
      fc.asyncProperty(any, any, any, any, async (a, b, c, lim) => {
        const [order, twice, none] = (await client.eval(SUM3, 0, a, b, c, lim)) as [number, string, string];
        expect(order).toBe(new Exact(a).plus(b).plus(c).comparedTo(lim));
        // The same string twice in one call (read once, then from the call's parses).
        expect(twice).toBe(new Exact(a).plus(a).toFixed());
        expect(none).toBe('0');
      }),
      { numRuns: 500 },
    );
    const cases: Array<[string, string, string, string]> = [
      ['999999999999999', '999999999999999', '999999999999999', '2999999999999997'],
      ['0.000000000000001', '0', '0', '0.000000000000001'],
      ['999999999999999', '0.1', '0', '999999999999999.1'],
      ['-0.5', '0.25', '0.25', '0'],
      ['1000000', '0.00004095', '0.0000000000000001', '1000000.0000409500000001'],
    ];
    for (const [a, b, c, lim] of cases) {
      const [order] = (await client.eval(SUM3, 0, a, b, c, lim)) as [number];
      expect(order).toBe(new Exact(a).plus(b).plus(c).comparedTo(lim));
    }
  });

  it('rejects what is not a plain decimal, on either path', async () => {
    for (const bad of ['1e5', '0x10', 'abc', '1.2.3', '1,5']) {
      await expect(client.eval(SCRIPT, 0, bad, '1')).rejects.toThrow(/not a decimal/);
    }
  });

  it('keeps sums a float would round', async () => {
    const [sum] = (await client.eval(SCRIPT, 0, '0.1', '0.2')) as [string];
    expect(sum).toBe('0.3');
    const [big] = (await client.eval(SCRIPT, 0, '9007199254740993.000000000000000001', '1')) as [string];
    expect(big).toBe('9007199254740994.000000000000000001');
  });
});
