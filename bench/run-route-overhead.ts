/**
 * `npm run bench:route`: only the route-overhead benchmark (a few minutes shorter than `npm run bench`);
 * prints its table and leaves bench/results and docs alone.
 */
import { runRouteOverhead } from './route-overhead.js';

console.table(await runRouteOverhead());
