/**
 * `npm run bench:groups [-- --quick]`: four keys sharing one organisation's hidden limit, with and without
 * `quotaGroup`, at 50, 90, 120 and 200 % of that limit; prints the table and saves
 * bench/results/quota-groups.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORGANISATION_RPM, runGroupSim } from './group-sim.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const minutes = quick ? 10 : 60;
console.log(
  `quota groups: 4 keys, one hidden limit of ${ORGANISATION_RPM} rpm, ${minutes} simulated minutes per run …`,
);
const rows = await runGroupSim(minutes * 60_000, [50, 90, 120, 200]);
console.table(rows);
const root = join(here, '..', '..', '..');
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const results = {
  command: `npm run bench:groups${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  minutes,
  organisationRpm: ORGANISATION_RPM,
  rows,
};
writeFileSync(join(root, 'bench', 'results', 'quota-groups.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/quota-groups.json');
