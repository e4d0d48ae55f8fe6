import { runQuotaSim } from './quota-sim/run-quota-sim.js';
console.table((await runQuotaSim(Number(process.argv[2] ?? 600_000), [120])).filter((r) => r.strategy.startsWith('apikeyrouter fairness')));
