import { runRouteOverhead } from './route-overhead.js';
console.table(await runRouteOverhead());
