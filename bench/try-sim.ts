import { runQuotaSim } from './quota-sim/run-quota-sim.js';

const start = performance.now();
console.table(await runQuotaSim(Number(process.argv[2] ?? 600_000), [50, 90, 120, 200]));
console.log('ms', performance.now() - start);
