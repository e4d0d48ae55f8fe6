import { runRouteOverhead } from './route-overhead.js';
const rows = await runRouteOverhead();
console.table(rows.map((r) => ({ keys: r.keys, overheadP50Us: r.overheadP50Us, overheadP99Us: r.overheadP99Us, routeP50Us: r.routeP50Us, dps: r.decisionsPerSecond })));
