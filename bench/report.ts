/**
 * `npm run bench:report`: rewrites docs/performance.md and docs/quota-sim.svg from the saved results in
 * bench/results, without running the benchmarks again (for report-format changes).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGatewayResult } from './gateway/gateway-bench-result.js';
import { writeBenchDocs } from './write-docs.js';

const here = dirname(fileURLToPath(import.meta.url));
const read = (name: string) => JSON.parse(readFileSync(join(here, 'results', `${name}.json`), 'utf8'));
const quota = read('quota-sim');
const date = statSync(join(here, 'results', 'route-overhead.json'))
  .mtime.toISOString()
  .slice(0, 10);
writeBenchDocs(
  join(here, '..', 'docs'),
  {
    overhead: read('route-overhead'),
    adapters: read('adapters'),
    quota: Array.isArray(quota) ? quota : quota.rows,
    quotaHours: Array.isArray(quota) ? 1 : quota.quotaHours,
    gateway: readGatewayResult(join(here, 'results')),
  },
  'npm run bench',
  date,
);
console.log('rewrote docs/performance.md and docs/quota-sim.svg from bench/results');
