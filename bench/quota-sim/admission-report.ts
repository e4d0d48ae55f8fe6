import { existsSync, readFileSync } from 'node:fs';
import type { AdmissionRow } from './admission-sim.js';

/** What `npm run bench:admission` (and `npm run bench`) save in bench/results/admission.json. */
export interface AdmissionResults {
  command: string;
  date: string;
  hours: number;
  rows: AdmissionRow[];
}

const START = '<!-- admission:start -->';
const END = '<!-- admission:end -->';
const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

function goals(row: AdmissionRow): string {
  return [
    `goodput ≥ 97 % of capacity: ${row.goodputPercent} %, ${mark(row.goodputPercent >= 97)}`,
    `p99 wait of served ≤ 2 s: ${row.p99WaitMs} ms, ${mark(row.p99WaitMs <= 2_000)}`,
    `0 upstream 429s: ${row.upstream429}, ${mark(row.upstream429 === 0)}`,
  ].join('; ');
}

/**
 * The "Admission control" part of the quota-simulation section of docs/performance.md, between markers so
 * its runner can rewrite it in place.
 *
 * @example
 * const markdown = admissionSection(results);
 */
export function admissionSection(results: AdmissionResults): string {
  return [
    START,
    '### Admission control under overload',
    '',
    `Made by \`${results.command}\` on ${results.date}; ${results.hours} simulated hour(s) per load. The same four`,
    'keys (limits declared, objective `fairness`, deadline 30 s), with admission control on',
    "(`admission: { maxWaitMs: 2_000, fairnessTag: 'tenant' }`, `maxQueued` 1,000) and a traffic mix: 70 %",
    '`interactive`, 30 % `batch`; tenants a, b and c sending 50, 30 and 20 %. Wait = time from `route()` to the',
    'upstream call. "At once" refusals come back in no time with `retryAfterMs` (predicted wait too long,',
    'queue full, or no room before the deadline); "after waiting" ones reached the wait limit in the queue.',
    '',
    ...results.rows.map((row) => `- ${row.loadPercent} % load: ${goals(row)}.`),
    '',
    '| load | requests | served | goodput % of capacity | p99 wait ms | upstream 429 | refused at once | refused after waiting | other failures | interactive served / offered | interactive p50 / p99 wait ms | batch served / offered | batch p50 / p99 wait ms | served by tenant a/b/c |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.rows.map(
      (r) =>
        `| ${r.loadPercent}% | ${r.requests} | ${r.served} | ${r.goodputPercent} | ${r.p99WaitMs} | ${r.upstream429} | ${r.refusedAtOnce} | ${r.refusedAfterWaiting} | ${r.otherFailures} | ${r.interactive.served} / ${r.interactive.offered} | ${r.interactive.p50WaitMs} / ${r.interactive.p99WaitMs} | ${r.batch.served} / ${r.batch.offered} | ${r.batch.p50WaitMs} / ${r.batch.p99WaitMs} | ${r.servedByTenant} |`,
    ),
    '',
    'Where the last 1–2 % go: the router counts a request in its per-minute window from the moment it learns',
    'the outcome (the response, here 300–600 ms after the call; at most 1 s after the reservation) for 60–61 s',
    '(1 s buckets, `QUOTA_WINDOWS.minute`, no extra margin: see [quota.md](quota.md#windows-and-their-precision)),',
    'so under sustained overload each slot serves one request per latency + ~60.5 s, about 98.4 % of the',
    "providers' limits. The provider counts a request when it receives it, which is before the router sees the",
    'answer, so its window always ends first, whatever either clock reads. Until 2026-12-01 usage was counted',
    'from the reservation plus a 1 s margin (62 s per slot): 96.8 % (120 %) and 96.9 % (200 %), goal not met.',
    END,
  ].join('\n');
}

/**
 * Puts the section into a performance.md text: replaces an earlier one, or inserts it at the end of the
 * quota-simulation section (appends when there is none).
 *
 * @example
 * writeFileSync(path, withAdmissionSection(readFileSync(path, 'utf8'), results));
 */
export function withAdmissionSection(markdown: string, results: AdmissionResults): string {
  const section = admissionSection(results);
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start)
    return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
  const quota = markdown.indexOf('## Quota simulation');
  const next = quota < 0 ? -1 : markdown.indexOf('\n## ', quota + 1);
  if (next < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  return `${markdown.slice(0, next).trimEnd()}\n\n${section}\n${markdown.slice(next)}`;
}

/**
 * The saved results, when the simulation has been run.
 *
 * @example
 * const results = readAdmissionResults('bench/results/admission.json');
 */
export function readAdmissionResults(file: string): AdmissionResults | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AdmissionResults) : undefined;
}
