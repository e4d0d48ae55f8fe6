/**
 * `npm run bench:admission`: the admission-control simulation at 120 % and 200 % load. Saves
 * bench/results/admission.json and rewrites only its own part of docs/performance.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withAdmissionSection } from './admission-report.js';
import { runAdmissionSim } from './admission-sim.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const hours = quick ? 0.25 : 1;
console.log(`admission simulation (${hours} h per load) …`);
const rows = await runAdmissionSim(hours * 3_600_000, [120, 200]);
console.table(
  rows.map(({ interactive, batch, ...row }) => ({
    ...row,
    interactive: `${interactive.served}/${interactive.offered} p50 ${interactive.p50WaitMs} p99 ${interactive.p99WaitMs}`,
    batch: `${batch.served}/${batch.offered} p50 ${batch.p50WaitMs} p99 ${batch.p99WaitMs}`,
  })),
);
const results = {
  command: `npm run bench:admission${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  hours,
  rows,
};
writeFileSync(join(here, '..', 'results', 'admission.json'), `${JSON.stringify(results, null, 2)}\n`);
const doc = join(here, '..', '..', 'docs', 'performance.md');
writeFileSync(doc, withAdmissionSection(readFileSync(doc, 'utf8'), results));
console.log('wrote bench/results/admission.json and the admission section of docs/performance.md');
