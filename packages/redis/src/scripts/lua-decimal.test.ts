import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import { LUA_DECIMAL } from './lua-decimal.js';

const SCRIPT = `${LUA_DECIMAL}
return {dadd(ARGV[1], ARGV[2]), dsub(ARGV[1], ARGV[2]), dcmp(ARGV[1], ARGV[2])}`;

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

  it('keeps sums a float would round', async () => {
    const [sum] = (await client.eval(SCRIPT, 0, '0.1', '0.2')) as [string];
    expect(sum).toBe('0.3');
    const [big] = (await client.eval(SCRIPT, 0, '9007199254740993.000000000000000001', '1')) as [string];
    expect(big).toBe('9007199254740994.000000000000000001');
  });
});
