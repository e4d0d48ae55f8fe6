import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterBenchResult } from './adapters/adapter-bench-result.js';
import { readGatewayResult } from './gateway/gateway-bench-result.js';
import { runAdmissionSim } from './quota-sim/admission-sim.js';
import { runQuotaSim } from './quota-sim/run-quota-sim.js';
import { runRouteOverhead } from './route-overhead.js';
import { writeBenchDocs } from './write-docs.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const save = (name: string, data: unknown) =>
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);

console.log('route overhead …');
const overhead = await runRouteOverhead();
console.table(overhead);
save('route-overhead', overhead);

console.log('adapters …');
const adapters: AdapterBenchResult[] = [];
for (const file of readdirSync(join(here, 'adapters'))
  .filter((f) => f.endsWith('.ts') && !f.includes('result'))
  .sort()) {
  const module = (await import(`./adapters/${file}`)) as {
    runAdapterBench?: () => Promise<AdapterBenchResult>;
  };
  if (module.runAdapterBench) adapters.push(await module.runAdapterBench());
}
console.table(adapters);
save('adapters', adapters);

const quotaHours = quick ? 0.25 : 1;
console.log(`quota simulation (${quotaHours} h per run) …`);
const quota = await runQuotaSim(quotaHours * 3_600_000);
console.table(quota);
save('quota-sim', { quotaHours, rows: quota });
console.log(`admission simulation (${quotaHours} h per load) …`);
const admissionRows = await runAdmissionSim(quotaHours * 3_600_000, [120, 200]);
console.table(admissionRows.map(({ interactive, batch, ...row }) => row));
save('admission', {
  command: `npm run bench${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString().slice(0, 10),
  hours: quotaHours,
  rows: admissionRows,
});

const docs = join(here, '..', 'docs');
if (!existsSync(docs)) mkdirSync(docs);
writeBenchDocs(
  docs,
  { overhead, adapters, quota, quotaHours, gateway: readGatewayResult(resultsDir) },
  `npm run bench${quick ? ' -- --quick' : ''}`,
  new Date().toISOString().slice(0, 10),
);
console.log('wrote bench/results/*.json, docs/performance.md, docs/quota-sim.svg');
