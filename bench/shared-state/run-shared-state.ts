/**
 * `npm run bench:shared-state [-- --quick]`: Redis stores against memory stores, and the replica quota
 * simulation; saves bench/results/shared-state.json and rewrites the "Shared state on Redis" section of
 * docs/performance.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReplicaQuotaSim } from './replica-quota-sim.js';
import { runRoundTripFloor } from './round-trip-floor.js';
import { runSharedOverhead } from './route-overhead-shared.js';
import { runScriptCost } from './script-cost.js';
import { type SharedStateResults, withSharedStateSection } from './shared-state-report.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const load = loadavg()[0]?.toFixed(1) ?? '?';
console.log('route overhead, memory vs Redis stores …');
const overhead = await runSharedOverhead(quick);
console.table(overhead);
console.log('redis-server time per script …');
const scriptCost = await runScriptCost(quick ? 40 : 120);
console.table(scriptCost);
console.log('round-trip floor …');
const floor = await runRoundTripFloor(quick ? 1_000 : 3_000);
console.table(floor);
console.log('replica quota simulation …');
const sim = await runReplicaQuotaSim();
console.table(sim);
const results: SharedStateResults = {
  command: `npm run bench:shared-state${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load} at start`,
  loadAtEnd: `load average ${loadavg()[0]?.toFixed(1) ?? '?'}`,
  cores: cpus().length,
  overhead,
  scriptCost,
  floor,
  sim,
};
mkdirSync(join(here, '..', 'results'), { recursive: true });
writeFileSync(join(here, '..', 'results', 'shared-state.json'), `${JSON.stringify(results, null, 2)}\n`);
const doc = join(here, '..', '..', 'docs', 'performance.md');
writeFileSync(doc, withSharedStateSection(readFileSync(doc, 'utf8'), results));
console.log('wrote bench/results/shared-state.json and the shared-state section of docs/performance.md');
