/**
 * `npm run bench:route`: only the route-overhead benchmark (a few minutes shorter than `npm run bench`);
 * saves bench/results/route-overhead.json and rewrites docs/performance.md from every saved result, as
 * `npm run bench:report` does, so the routing section always comes from a saved run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRouteOverhead } from './route-overhead.js';

const rows = await runRouteOverhead();
console.table(rows);
const results = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'route-overhead.json'), `${JSON.stringify(rows, null, 2)}\n`);
console.log('wrote bench/results/route-overhead.json');
await import('./report.js');
