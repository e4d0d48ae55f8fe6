import { type AdapterCall, ApiKeyRouter, parseIntent, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { collectGarbage, mean, percentile, round } from './bench-stats.js';

/** One row of the route-overhead benchmark. */
export interface RouteOverheadRow {
  keys: number;
  directP50Us: number;
  routeP50Us: number;
  routeP99Us: number;
  overheadP50Us: number;
  overheadP99Us: number;
  decisionsPerSecond: number;
  heapBytesPerKey: number;
}

const INTENT = {
  model: 'gpt-bench',
  messages: [{ role: 'user' as const, content: 'Summarise the plot of Hamlet in one sentence.' }],
  parameters: { maxTokens: 64 },
};

/**
 * Marginal heap per registered key: a fresh router with its provider, then at least 2,000 keys (fewer would
 * drown in GC noise), measured after full collections. The router's fixed cost is excluded.
 */
async function measureHeapPerKey(fake: FakeAdapter, keys: number): Promise<number> {
  const count = Math.max(keys, 2_000);
  const router = new ApiKeyRouter({ clock: new SystemClock() });
  await router.registerProvider('bench', fake);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++)
    await router.registerKey(`sk-heap-${i.toString().padStart(8, '0')}`, 'bench');
  collectGarbage();
  const perKey = (process.memoryUsage().heapUsed - before) / count;
  if (router.listKeys().length !== count) throw new Error('heap measurement lost keys');
  return perKey;
}

async function measure(keys: number, iterations: number): Promise<RouteOverheadRow> {
  const clock = new SystemClock();
  const materials = Array.from({ length: keys }, (_, i) => `sk-bench-${i.toString().padStart(8, '0')}`);
  const fake = new FakeAdapter({
    id: 'bench',
    clock,
    keys: Object.fromEntries(materials.map((m) => [m, {}])),
    reportRateLimits: false,
  });
  const router = new ApiKeyRouter({ clock });
  await router.registerProvider('bench', fake);
  for (const material of materials) await router.registerKey(material, 'bench');
  const heapBytesPerKey = await measureHeapPerKey(fake, keys);

  const call: AdapterCall = {
    model: 'gpt-bench',
    intent: parseIntent(INTENT),
    apiKey: materials[0] as string,
    signal: new AbortController().signal,
    requestId: 'bench',
    clock,
  };
  const warmup = Math.min(2_000, iterations);
  for (let i = 0; i < warmup; i++) {
    await fake.execute(call);
    await router.route(INTENT, 'balanced');
  }
  const direct: number[] = [];
  const routed: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let start = performance.now();
    await fake.execute(call);
    direct.push((performance.now() - start) * 1000);
    start = performance.now();
    await router.route(INTENT, 'balanced');
    routed.push((performance.now() - start) * 1000);
  }
  const directP50 = percentile(direct, 50);
  return {
    keys,
    directP50Us: round(directP50),
    routeP50Us: round(percentile(routed, 50)),
    routeP99Us: round(percentile(routed, 99)),
    overheadP50Us: round(percentile(routed, 50) - directP50),
    overheadP99Us: round(percentile(routed, 99) - percentile(direct, 99)),
    decisionsPerSecond: Math.round(1e6 / mean(routed)),
    heapBytesPerKey: Math.round(heapBytesPerKey),
  };
}

/**
 * `route()` through the instant in-process fake against calling the fake directly, at 10 … 10,000 keys.
 * Objective `balanced` (every scorer on), rate-limit observations off so only router work is measured.
 */
export async function runRouteOverhead(): Promise<RouteOverheadRow[]> {
  const rows: RouteOverheadRow[] = [];
  for (const [keys, iterations] of [
    [10, 20_000],
    [100, 10_000],
    [1_000, 3_000],
    [10_000, 500],
  ] as const) {
    rows.push(await measure(keys, iterations));
  }
  return rows;
}
