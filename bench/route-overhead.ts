import { type AdapterCall, parseIntent, SystemClock } from '@apikeyrouter/core';
import { collectGarbage, mean, percentile, round } from './bench-stats.js';
import { buildPool, type PoolKind } from './route-overhead-pools.js';

/** One row of the route-overhead benchmark. */
export interface RouteOverheadRow {
  keys: number;
  /** `identical` keys of one provider, or `mixed`: 50 models, 5 providers, varied limits, weights, tags, prices. */
  pool: PoolKind;
  directP50Us: number;
  /**
   * The decision alone: `explanation.decisionMicros` (filtering and scoring), what the goals are judged on.
   * Absent in results recorded before the decision was timed.
   */
  decisionP50Us?: number;
  decisionP99Us?: number;
  routeP50Us: number;
  routeP99Us: number;
  overheadP50Us: number;
  overheadP99Us: number;
  decisionsPerSecond: number;
  heapBytesPerKey: number;
}

/**
 * Marginal heap per registered key: a fresh router with its providers, then at least 2,000 keys (fewer would
 * drown in GC noise), measured after full collections. The router's fixed cost is excluded.
 */
async function measureHeapPerKey(kind: PoolKind, keys: number): Promise<number> {
  const count = Math.max(keys, 2_000);
  let before = 0;
  const pool = await buildPool(kind, count, (i) => `sk-heap-${i.toString().padStart(8, '0')}`, {
    fakeKeys: false,
    beforeKeys: () => {
      collectGarbage();
      before = process.memoryUsage().heapUsed;
    },
  });
  collectGarbage();
  const perKey = (process.memoryUsage().heapUsed - before) / count;
  if (pool.router.listKeys().length !== count) throw new Error('heap measurement lost keys');
  return perKey;
}

function intentFor(model: string) {
  return {
    model,
    messages: [{ role: 'user' as const, content: 'Summarise the plot of Hamlet in one sentence.' }],
    parameters: { maxTokens: 64 },
  };
}

async function measure(
  kind: PoolKind,
  keys: number,
  iterations: number,
  warmup = Math.min(2_000, iterations),
): Promise<RouteOverheadRow> {
  const { router, models, fake, material } = await buildPool(
    kind,
    keys,
    (i) => `sk-bench-${i.toString().padStart(8, '0')}`,
  );
  const heapBytesPerKey = await measureHeapPerKey(kind, keys);
  const intents = models.map(intentFor);
  const call: AdapterCall = {
    model: models[0] as string,
    intent: parseIntent(intents[0]),
    apiKey: material,
    signal: new AbortController().signal,
    requestId: 'bench',
    clock: new SystemClock(),
  };
  for (let i = 0; i < warmup; i++) {
    await fake.execute(call);
    await router.route(intents[i % intents.length] as ReturnType<typeof intentFor>, 'balanced');
  }
  const direct: number[] = [];
  const routed: number[] = [];
  const decided: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let start = performance.now();
    await fake.execute(call);
    direct.push((performance.now() - start) * 1000);
    start = performance.now();
    const res = await router.route(intents[i % intents.length] as ReturnType<typeof intentFor>, 'balanced');
    routed.push((performance.now() - start) * 1000);
    const micros = res.explanation.decisionMicros;
    if (micros === undefined) throw new Error('explanation without decisionMicros');
    decided.push(micros);
  }
  const directP50 = percentile(direct, 50);
  return {
    keys,
    pool: kind,
    directP50Us: round(directP50),
    decisionP50Us: round(percentile(decided, 50)),
    decisionP99Us: round(percentile(decided, 99)),
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
 * Objective `balanced` (every scorer on), rate-limit observations off so only router work is measured. Then
 * 10,000 keys of a `mixed` pool (see {@link buildPool}), requests cycling through its 50 models.
 */
export async function runRouteOverhead(): Promise<RouteOverheadRow[]> {
  const rows: RouteOverheadRow[] = [];
  // The warm-up routes every key at least once (1.2 routes per key, at least 2,000): a used key is decided on
  // its own, a never-used one only through its group's first two, so the measured decisions see a fully used
  // pool rather than mostly quiet keys — 12,000 warm-up routes at 10,000 keys.
  for (const [keys, iterations] of [
    [10, 20_000],
    [100, 10_000],
    [1_000, 3_000],
    [10_000, 2_000],
  ] as const) {
    rows.push(await measure('identical', keys, iterations, Math.max(2_000, Math.ceil(keys * 1.2))));
  }
  // Grouping must not be the only thing measured: many groups of different sizes, requests across 50 models.
  // The same 12,000 warm-up routes leave about half of its keys used (each model's keys share 240 requests).
  rows.push(await measure('mixed', 10_000, 2_000, 12_000));
  return rows;
}
