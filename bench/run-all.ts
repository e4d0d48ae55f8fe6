import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterBenchResult } from './adapters/adapter-bench-result.js';
import { performanceReport } from './performance-report.js';
import { runQuotaSim } from './quota-sim/run-quota-sim.js';
import { runRouteOverhead } from './route-overhead.js';
import { svgBarChart } from './svg-bar-chart.js';

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
save('quota-sim', quota);

const loads = [...new Set(quota.map((r) => r.loadPercent))];
const strategies = [...new Set(quota.map((r) => r.strategy))];
const docs = join(here, '..', 'docs');
if (!existsSync(docs)) mkdirSync(docs);
writeFileSync(
  join(docs, 'quota-sim.svg'),
  svgBarChart({
    title: 'Upstream 429s per 1,000 requests by load',
    yLabel: '429s per 1,000 requests',
    groups: loads.map((l) => `${l}% load`),
    series: strategies.map((name) => ({
      name,
      values: loads.map(
        (l) => quota.find((r) => r.strategy === name && r.loadPercent === l)?.upstream429PerThousand ?? 0,
      ),
    })),
    logScale: true,
  }),
);
writeFileSync(
  join(docs, 'performance.md'),
  performanceReport({
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    overhead,
    adapters,
    quota,
    quotaHours,
  }),
);
console.log('wrote bench/results/*.json, docs/performance.md, docs/quota-sim.svg');
