import type { AdapterBenchResult } from './adapters/adapter-bench-result.js';
import { type GatewayBenchResult, gatewaySection } from './gateway/gateway-bench-result.js';
import type { SimRow } from './quota-sim/sim-metrics.js';
import type { RouteOverheadRow } from './route-overhead.js';

function table(rows: Array<Record<string, string | number>>): string {
  const first = rows[0];
  if (!first) return '_no rows_';
  const columns = Object.keys(first);
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => String(row[c])).join(' | ')} |`),
  ].join('\n');
}

/** A row's decision p50 (rows recorded before the decision was timed have none). */
function decisionOf(row: RouteOverheadRow): string {
  return row.decisionP50Us === undefined
    ? 'not measured'
    : `${row.decisionP50Us} µs (route p50 ${row.routeP50Us} µs)`;
}

/** The routing-decision goals (issue 12), each marked met or not met, with the command that measured it. */
function goalLines(overhead: RouteOverheadRow[], command: string): string {
  const identical = (keys: number) =>
    overhead.find((row) => row.keys === keys && (row.pool ?? 'identical') === 'identical');
  const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
  const lines: string[] = [];
  for (const [keys, goal] of [
    [10, 8],
    [1_000, 20],
    [10_000, 60],
  ] as const) {
    const row = identical(keys);
    if (!row) continue;
    lines.push(
      `- decision p50 ≤ ${goal} µs at ${keys.toLocaleString('en')} keys: ${decisionOf(row)}, ${mark((row.decisionP50Us ?? Number.POSITIVE_INFINITY) <= goal)} (\`${command}\`)`,
    );
  }
  const mixed = overhead.find((row) => row.pool === 'mixed');
  if (mixed)
    lines.push(
      `- decision p50 ≤ 60 µs at ${mixed.keys.toLocaleString('en')} keys, mixed pool: ${decisionOf(mixed)}, ${mark((mixed.decisionP50Us ?? Number.POSITIVE_INFINITY) <= 60)} (\`${command}\`)`,
    );
  const heap = Math.max(...overhead.map((row) => row.heapBytesPerKey));
  lines.push(`- heap ≤ 2 KB per key: ${heap} B at most, ${mark(heap <= 2048)} (\`${command}\`)`);
  return lines.join('\n');
}

export function performanceReport(input: {
  command: string;
  date: string;
  machine: string;
  overhead: RouteOverheadRow[];
  adapters: AdapterBenchResult[];
  quota: SimRow[];
  quotaHours: number;
  gateway?: GatewayBenchResult | undefined;
}): string {
  return `# Performance

Made by \`${input.command}\` on ${input.date} (${input.machine}). Raw results: \`bench/results/*.json\`.
Speed goals are checked here, by benchmarks, never by timed assertions in tests.

## Routing overhead (bench/route-overhead.ts)

\`route()\` through the in-process instant fake adapter (objective \`balanced\`: every scorer on, full
explanation available) against calling the same fake directly. Overhead = route − direct, in µs. Pool
\`identical\`: keys of one provider, all alike. Pool \`mixed\`: 5 providers and 50 models, each key serving 1–3
models with one of three declared limits, a weight of 1–3, a tier tag and per-model prices; requests cycle
through the 50 models. "Decision" is the decision alone — filtering and scoring the candidates, as reported by
\`explanation.decisionMicros\` — and "route" the whole \`route()\` call (parsing, the decision, reserving quota
and budget, the instant fake's call, committing usage and spend). \`npm run bench:route\` runs this part alone
and rewrites this file. Goals (decision p50):

${goalLines(input.overhead, input.command)}

${table(input.overhead.map((r) => ({ keys: r.keys, pool: r.pool ?? 'identical', 'direct p50 µs': r.directP50Us, 'decision p50 µs': r.decisionP50Us ?? '—', 'decision p99 µs': r.decisionP99Us ?? '—', 'route p50 µs': r.routeP50Us, 'route p99 µs': r.routeP99Us, 'overhead p50 µs': r.overheadP50Us, 'overhead p99 µs': r.overheadP99Us, 'decisions/s': r.decisionsPerSecond, 'heap B/key (marginal)': r.heapBytesPerKey })))}

Each identical case warms up with 1.2 routes per key (at least 2,000; 12,000 at 10,000 keys), so every key
has been used before the measured decisions: a used key is decided on its own, a never-used one only through
its group's first two. A group with more than 8 used keys is screened from its least recently picked key
until 2 keys pass every filter (docs/routing.md, "Decisions at scale"), so the decision does not grow with the
pool. The mixed pool also warms up with 12,000 routes (about half its keys used by then); its keys are grouped
per model they list (same provider, limits, weight, tags): about 16 groups of two dozen keys per model.
On this shared machine decision p50 moves by up to 1.5× between runs of the same code.

## Adapter cost (bench/adapters/*.ts)

Serialising a typical intent, parsing a typical response, and parsing a streamed body in memory.
Goals: overhead < 50 µs per non-streamed call; stream parsing > 100 MB/s.

${table(input.adapters.map((a) => ({ flavor: a.flavor, 'serialise µs': a.serializeUsPerCall.toFixed(1), 'parse µs': a.parseUsPerCall.toFixed(1), 'overhead µs/call': a.overheadUsPerCall.toFixed(1), 'stream MB/s': Math.round(a.streamMBps) })))}

## Quota simulation (bench/quota-sim)

Four simulated keys with hidden limits (120, 90, 60 and 30 requests/min; 300/min in all), latency 300–600 ms,
different prices; Poisson arrivals at 50, 90, 120 and 200 % of total capacity for ${input.quotaHours} simulated
hour(s) on the virtual clock. ApiKeyRouter (objectives \`fairness\` and \`cost\`, with the limits declared or
left to learn from headers; deadline 30 s) against baselines implemented in the bench: round-robin, weighted
random (Portkey's loadbalance), and usage-based routing with per-minute counters updated after the response
and a 60 s cool-down after a 429 (LiteLLM's usage-based routing). Baselines retry on up to 3 different keys
without waiting. Queueing delay is time spent waiting for capacity inside the router.

![upstream 429s per 1,000 requests](quota-sim.svg)

${table(input.quota.map((r) => ({ load: `${r.loadPercent}%`, strategy: r.strategy, requests: r.requests, 'upstream 429 / 1k': r.upstream429PerThousand, 'client failures': r.clientFailures, 'goodput /min': r.goodputPerMinute, 'p99 queue ms': r.p99QueueMs, 'spend $': r.spendUsd })))}
${input.gateway ? `\n${gatewaySection(input.gateway)}` : ''}`;
}
