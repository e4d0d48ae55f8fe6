import { existsSync, readFileSync } from 'node:fs';
import type { ReplicaSimRow } from './replica-quota-sim.js';
import type { SharedOverheadRow } from './route-overhead-shared.js';

/** What `npm run bench:shared-state` saves in bench/results/shared-state.json. */
export interface SharedStateResults {
  command: string;
  date: string;
  machine: string;
  /** 1-minute load average when the run ended. */
  loadAtEnd?: string;
  overhead: SharedOverheadRow[];
  sim: ReplicaSimRow[];
}

const START = '<!-- shared-state:start -->';
const END = '<!-- shared-state:end -->';

function cell(value: number): string {
  return Number.isFinite(value) ? String(value) : '—';
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
    'and spend in the store (one Lua script each; the reserve pair and the settle pair are issued together and',
    'leave in one write, so a request makes two round trips). "Added p50" is Redis p50 minus memory p50 at the',
    'same concurrency. CPU columns are per routed request: the router process(es) (user + system) and',
    'redis-server; on a shared machine they are steadier than latency and throughput, which measure contention.',
    '',
    '| stores | processes | concurrency | p50 µs | p99 µs | added p50 µs | routed req/s (aggregate) | router CPU µs/req | redis-server CPU µs/req | scripts/req |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.overhead.map((row) => {
      const base = memory(row.concurrency);
      const added =
        row.stores === 'redis' && base !== undefined && Number.isFinite(row.p50Us)
          ? String(Math.round((row.p50Us - base.p50Us) * 10) / 10)
          : '—';
      return `| ${row.stores} | ${row.processes} | ${row.concurrency} | ${cell(row.p50Us)} | ${cell(row.p99Us)} | ${added} | ${row.requestsPerSecond} | ${cell(row.cpuUsPerRequest)} | ${cell(row.redisCpuUsPerRequest)} | ${cell(row.scriptsPerRequest)} |`;
    }),
    '',
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
