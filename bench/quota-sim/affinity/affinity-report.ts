import { existsSync, readFileSync } from 'node:fs';
import type { AffinitySimRow } from './affinity-sim.js';

/** What `npm run bench:affinity` saves in bench/results/affinity-sim.json. */
export interface AffinitySimResults {
  command: string;
  date: string;
  machine: string;
  minutes: number;
  rows: AffinitySimRow[];
}

const START = '<!-- affinity:start -->';
const END = '<!-- affinity:end -->';

/**
 * The "Prompt-cache affinity" section of docs/performance.md, between markers so every bench runner keeps it.
 *
 * @example
 * const markdown = affinitySection(results);
 */
export function affinitySection(results: AffinitySimResults): string {
  return [
    START,
    '## Prompt-cache affinity (bench/quota-sim/affinity)',
    '',
    `\`${results.command}\` on ${results.date}, ${results.machine}. The quota simulation's four keys (120, 90, 60`,
    `and 30 requests/min, limits declared), ${results.minutes} simulated minutes per run, Poisson arrivals; each`,
    'request belongs to one of 600 conversations with its own ≈ 1,500-token system prompt (uniformly chosen, the',
    'same sequence for every run). The simulated provider serves a prefix from its cache when the same key saw',
    'it within 5 minutes (`@apikeyrouter/testkit` `FakeAdapter`), and cached input costs a tenth of plain input.',
    "Each objective runs without and with `affinity: { derive: 'system' }`.",
    '',
    '| load | strategy | requests | upstream 429 / 1k | client failures | goodput /min | p99 wait ms | cached input % | spend $ | $ per 1k served |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.rows.map(
      (r) =>
        `| ${r.loadPercent}% | ${r.strategy} | ${r.requests} | ${r.upstream429PerThousand} | ${r.clientFailures} | ${r.goodputPerMinute} | ${r.p99WaitMs} | ${r.cachedSharePercent} | ${r.spendUsd} | ${r.usdPerThousand} |`,
    ),
    END,
  ].join('\n');
}

/**
 * Puts the section into a performance.md text: replaces an earlier one, or appends it.
 *
 * @example
 * writeFileSync(path, withAffinitySection(readFileSync(path, 'utf8'), results));
 */
export function withAffinitySection(markdown: string, results: AffinitySimResults): string {
  const section = affinitySection(results);
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start)
    return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/**
 * The saved results, or undefined when `npm run bench:affinity` has not been run.
 *
 * @example
 * const saved = readAffinityResults('bench/results/affinity-sim.json');
 */
export function readAffinityResults(path: string): AffinitySimResults | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as AffinitySimResults) : undefined;
}
