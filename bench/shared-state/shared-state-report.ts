import { existsSync, readFileSync } from 'node:fs';
import type { ReplicaSimRow } from './replica-quota-sim.js';
import type { RoundTripFloorRow } from './round-trip-floor.js';
import type { SharedOverheadRow } from './route-overhead-shared.js';
import type { ScriptCostRow } from './script-cost.js';

/** What `npm run bench:shared-state` saves in bench/results/shared-state.json. */
export interface SharedStateResults {
  command: string;
  date: string;
  machine: string;
  /** 1-minute load average when the run ended. */
  loadAtEnd?: string;
  /** CPU cores of the machine (absent in results saved before it was recorded). */
  cores?: number;
  overhead: SharedOverheadRow[];
  /** redis-server time inside each hot-path script (absent in results saved before it was measured). */
  scriptCost?: ScriptCostRow[];
  /** A trivial script's round trip at concurrency 1 (absent in results saved before it was measured). */
  floor?: RoundTripFloorRow[];
  sim: ReplicaSimRow[];
}

const START = '<!-- shared-state:start -->';
const END = '<!-- shared-state:end -->';

function cell(value: number): string {
  return Number.isFinite(value) ? String(value) : '—';
}

/** Cores needed for 5,000 requests/s at `us` of CPU each, one decimal. */
function cores(us: number): string {
  return ((5_000 * us) / 1e6).toFixed(1);
}

/** The goal's CPU need in all, against the machine's cores. */
function total(four: SharedOverheadRow, machineCores: number | undefined): string {
  const need = (5_000 * (four.cpuUsPerRequest + four.redisCpuUsPerRequest)) / 1e6;
  if (machineCores === undefined) return '';
  const verdict = need > machineCores ? 'more than' : 'within';
  return `: ${need.toFixed(1)} cores in all, ${verdict} the ${machineCores} this machine has`;
}

/** The issue's two speed goals against this run, with the ceilings its CPU figures imply. */
function goals(rows: SharedOverheadRow[], machineCores: number | undefined): string[] {
  const memory1 = rows.find((r) => r.stores === 'memory' && r.concurrency === 1);
  const one = (kind: string) =>
    rows.find((r) => r.stores === kind && r.processes === 1 && r.concurrency === 1);
  const redis1 = one('redis');
  const background1 = one('redis (background)');
  const leases1 = one('redis (leases)');
  const four = rows.find((r) => r.processes === 4 && r.stores === 'redis' && (r.routerNice ?? 0) === 0);
  const favoured = rows
    .filter((r) => r.processes === 4 && (r.routerNice ?? 0) > 0)
    .sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0];
  if (memory1 === undefined || redis1 === undefined || four === undefined) return [];
  const defaults = rows.filter((r) => r.processes === 4 && (r.routerNice ?? 0) === 0);
  const best = Math.max(...defaults.map((r) => r.requestsPerSecond));
  const added = Math.round(redis1.p50Us - memory1.p50Us);
  const addedBackground =
    background1 === undefined ? undefined : Math.round(background1.p50Us - memory1.p50Us);
  const addedLeases = leases1 === undefined ? undefined : Math.round(leases1.p50Us - memory1.p50Us);
  const serverCeiling = Math.round(1e6 / Math.max(1, four.redisCpuUsPerRequest));
  const routerPerCore = Math.round(1e6 / Math.max(1, four.cpuUsPerRequest));
  return [
    `Goals: Redis adds ≤ 300 µs p50 per routed request — ${added <= 300 ? 'met' : 'not met'} here with inline settlement (${added} µs)${addedBackground === undefined ? '' : `, ${addedBackground <= 300 ? 'met' : 'not met'} with background settlement (${addedBackground} µs)`}${addedLeases === undefined ? '' : `, ${addedLeases <= 300 ? 'met' : 'not met'} on leases (${addedLeases} µs)`};`,
    `≥ 5,000 routed requests/s over 4 processes — ${best >= 5_000 ? 'met' : 'not met'} here with default scheduling (best row ${best}/s)${
      favoured === undefined
        ? ''
        : `, ${favoured.requestsPerSecond >= 5_000 ? 'met' : 'not met'} with redis-server favoured (routers at nice ${favoured.routerNice}, best row ${favoured.requestsPerSecond}/s)`
    }.`,
    `The CPU columns bound what this run could reach (inline, default scheduling): redis-server (one thread)`,
    `spends ${four.redisCpuUsPerRequest} µs per request, a ceiling of about ${serverCeiling} requests/s on one free core,`,
    `and each router process ${four.cpuUsPerRequest} µs, about ${routerPerCore} requests/s per free core: 5,000/s`,
    `takes about ${cores(four.cpuUsPerRequest)} cores of routers and ${cores(four.redisCpuUsPerRequest)} times the one core redis-server can use, at these`,
    `figures (which contention inflates too)${total(four, machineCores)}. Latency rows include every wait for a CPU another process held.`,
  ];
}

/** The per-script table: where redis-server's time per request goes. */
function scriptCostLines(rows: ScriptCostRow[] | undefined): string[] {
  if (rows === undefined || rows.length === 0) return [];
  const total = (pick: (row: ScriptCostRow) => number) =>
    Math.round(rows.reduce((sum, row) => sum + pick(row), 0) * 10) / 10;
  return [
    'Where redis-server spends it: time inside each hot-path script (`INFO commandstats`, EVALSHA usec, so',
    'without network and parsing; on this single server the calls of a batch run in combined calls, so the',
    'figure is time per part), called through the stores in batches of 64 with a full minute window on',
    '10 keys, one global hard budget and four spend series (`bench/shared-state/script-cost.ts`). A request',
    "runs all four; the rest of redis-server's CPU per request is reading commands, writing replies and",
    'delivering change messages.',
    '',
    '| script | µs per call (p10 of batches) | µs per call (median) |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.script} | ${row.p10Us} | ${row.medianUs} |`),
    `| all four | ${total((row) => row.p10Us)} | ${total((row) => row.medianUs)} |`,
    '',
  ];
}

/** The round-trip floor: what any reservation on Redis costs at concurrency 1 before its own work. */
function floorLines(rows: RoundTripFloorRow[] | undefined): string[] {
  if (rows === undefined || rows.length === 0) return [];
  const at = (gap: number) => rows.find((row) => row.gapUs === gap);
  const tight = at(0);
  const spaced = at(300);
  return [
    'The floor under "added p50" (`bench/shared-state/round-trip-floor.ts`): one `EVALSHA` of a script that',
    'does a single `INCR`, at concurrency 1, through ioredis on loopback. Back to back it takes',
    `${tight?.p50Us ?? '—'} µs p50 (p99 ${tight?.p99Us ?? '—'}); with 300 µs of busy work between calls, as a router has, ${spaced?.p50Us ?? '—'} µs p50`,
    `(p99 ${spaced?.p99Us ?? '—'}): on this virtual machine a process that waited a while is slower to wake. Every`,
    "shared-state design that reserves on Redis pays one such round trip per request, plus the reservation's",
    'own script time (the table below) and its client work.',
    '',
  ];
}

/**
 * The "Shared state on Redis" section of docs/performance.md, between markers so both bench runners can
 * rewrite it in place.
 *
 * @example
 * const markdown = sharedStateSection(results);
 */
export function sharedStateSection(results: SharedStateResults): string {
  const memory = (c: number) => results.overhead.find((r) => r.stores === 'memory' && r.concurrency === c);
  const lines = [
    START,
    '## Shared state on Redis',
    '',
    `\`${results.command}\` on ${results.date}, ${results.machine}${results.loadAtEnd === undefined ? '' : `, ${results.loadAtEnd} at the end`}, redis-server on loopback. Instant in-process`,
    'adapter, 10 keys with declared limits, one global hard budget: every request reserves and settles quota',
    'and spend in the store (one Lua script each; the reserve pair and the settle pair are issued together and,',
    "on this single server, run as one combined script call — with many requests in flight, many requests'",
    'calls in one — so a request makes two round trips; with background settlement the router answers',
    'after the reserve pair and settles later, several requests\' settlements in one write). "Added p50" is Redis p50 minus memory p50 at the',
    'same concurrency; the four rows of one concurrency are measured in five interleaved rounds (memory, Redis,',
    'Redis with background settlement, Redis on leases, again …) so that each spans the same minutes of this',
    'shared machine. "redis (leases)" is background settlement with `leases: true`: each process holds a slice',
    "of each key's window and of the budget as one hold in Redis and admits requests on it locally, so most",
    'requests make no round trip at all (see docs/scaling.md, Leases).',
    'CPU columns are per routed request: the router process(es) (user + system) and',
    'redis-server; on a shared machine they are steadier than latency and throughput, which measure contention.',
    '"Scripts/req" counts EVALSHA commands (a combined call is one). The 4-process rows count one common',
    'window of all four routing at full load (after a 1 s ramp), not start-up or the tail of the last to finish.',
    'They run twice: with default scheduling, and with the routers at nice 10 so that redis-server, sharing the',
    'two cores with four busy routers, gets a core when it needs one (a redis-server waiting for a core holds up',
    "every router's next step; see docs/scaling.md, Sizing).",
    '',
    '| stores | processes | concurrency | p50 µs | p99 µs | added p50 µs | routed req/s (aggregate) | router CPU µs/req | redis-server CPU µs/req | scripts/req |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.overhead.map((row) => {
      const processes = row.routerNice
        ? `${row.processes} (routers at nice ${row.routerNice})`
        : String(row.processes);
      const base = memory(row.concurrency);
      const added =
        row.stores !== 'memory' && base !== undefined && Number.isFinite(row.p50Us)
          ? String(Math.round((row.p50Us - base.p50Us) * 10) / 10)
          : '—';
      return `| ${row.stores} | ${processes} | ${row.concurrency} | ${cell(row.p50Us)} | ${cell(row.p99Us)} | ${added} | ${row.requestsPerSecond} | ${cell(row.cpuUsPerRequest)} | ${cell(row.redisCpuUsPerRequest)} | ${cell(row.scriptsPerRequest)} |`;
    }),
    '',
    ...goals(results.overhead, results.cores),
    '',
    ...floorLines(results.floor),
    ...scriptCostLines(results.scriptCost),
    'Replicas sharing one key (rpm 600, offered twice the limit for 5 simulated minutes, Poisson arrivals):',
    'requests admitted while the true 60 s sliding count was already at the limit, per 1,000 admitted.',
    '"Local counters synced every 1 s" is how LiteLLM counts without Redis; the Redis rows replay the same',
    'traffic through real `RedisQuotaStore`s.',
    '',
    '| strategy | replicas | admitted | over-limit per 1,000 |',
    '| --- | --- | --- | --- |',
    ...results.sim.map(
      (row) => `| ${row.strategy} | ${row.replicas} | ${row.admitted} | ${row.overLimitPerThousand} |`,
    ),
    END,
  ];
  return lines.join('\n');
}

/**
 * Puts the section into a performance.md text: replaces an earlier one, or appends it.
 *
 * @example
 * writeFileSync(path, withSharedStateSection(readFileSync(path, 'utf8'), results));
 */
export function withSharedStateSection(markdown: string, results: SharedStateResults): string {
  const section = sharedStateSection(results);
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start)
    return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/**
 * The saved results, when `npm run bench:shared-state` has run.
 *
 * @example
 * const saved = readSharedStateResults('bench/results/shared-state.json');
 */
export function readSharedStateResults(path: string): SharedStateResults | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SharedStateResults) : undefined;
}
