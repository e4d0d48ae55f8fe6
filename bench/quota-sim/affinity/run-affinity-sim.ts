/**
 * `npm run bench:affinity [-- --quick]`: the prompt-cache affinity simulation; saves
 * bench/results/affinity-sim.json and rewrites the "Prompt-cache affinity" section of docs/performance.md
 * (nothing else in that file).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AffinitySimResults, withAffinitySection } from './affinity-report.js';
import { runAffinitySim } from './affinity-sim.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const minutes = quick ? 10 : 30;
console.log(`prompt-cache affinity simulation (${minutes} simulated minutes per run) …`);
const rows = await runAffinitySim(minutes * 60_000);
console.table(rows);
const results: AffinitySimResults = {
  command: `npm run bench:affinity${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  minutes,
  rows,
};
const root = join(here, '..', '..', '..');
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'affinity-sim.json'), `${JSON.stringify(results, null, 2)}\n`);
const doc = join(root, 'docs', 'performance.md');
writeFileSync(doc, withAffinitySection(readFileSync(doc, 'utf8'), results));
console.log('wrote bench/results/affinity-sim.json and the affinity section of docs/performance.md');
