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

  it('keeps sums a float would round', async () => {
    const [sum] = (await client.eval(SCRIPT, 0, '0.1', '0.2')) as [string];
    expect(sum).toBe('0.3');
    const [big] = (await client.eval(SCRIPT, 0, '9007199254740993.000000000000000001', '1')) as [string];
    expect(big).toBe('9007199254740994.000000000000000001');
  });
});
