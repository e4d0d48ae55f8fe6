/**
 * `npm run bench:gateway [-- --quick]`: a direct call, a bare Node.js proxy (the floor), ApiKeyRouter's gateway
 * and Portkey's gateway against one loopback upstream, interleaved. Saves bench/results/gateway.json and rewrites docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../bench-stats.js';
import { BENCH_KEYS, BENCH_VIRTUAL_KEY } from './bench-keys.js';
import type { GatewayBenchResult } from './gateway-bench-result.js';
import { concurrent, sequential, type Target } from './measure.js';
import { portkeyConfig, startBareProxy, startOurGateway, startPortkey, startUpstream } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
// Shown in the result: with `--node-flags`, every gateway process ran with those flags.
const benchArgs = process.argv
  .slice(2)
  .filter((arg) => arg === '--quick' || arg.startsWith('--node-flags='))
  .map((arg) => (arg.includes(' ') ? `"${arg}"` : arg));
const rounds = quick ? 4 : 20;
const perRound = 100;
const c64Rounds = quick ? 1 : 3;
const c64Ms = quick ? 2_000 : 4_000;

const upstream = await startUpstream();
const ours = await startOurGateway(upstream.url);
const portkey = await startPortkey();
const bare = await startBareProxy(upstream.url);
try {
  const targets: Target[] = [
    { name: 'direct', url: upstream.url, headers: { authorization: `Bearer ${BENCH_KEYS[0]}` } },
    { name: 'bare-node-proxy', url: bare.url, headers: {} },
    { name: 'apikeyrouter', url: ours.url, headers: { authorization: `Bearer ${BENCH_VIRTUAL_KEY}` } },
    { name: 'portkey', url: portkey.url, headers: { 'x-portkey-config': portkeyConfig(upstream.url) } },
  ];
  console.log('warm-up …');
  for (const target of targets) {
    await sequential(target, 300);
    await concurrent(target, 64, 1_000);
  }
  const c1 = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so drift (GC, CPU frequency, other load) spreads over all targets.
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length] as Target;
      c1.get(target.name)?.push(...(await sequential(target, perRound)));
    }
  }
  const c64 = new Map<string, { completed: number; seconds: number; latencies: number[]; cpuMs: number }>(
    targets.map((t) => [t.name, { completed: 0, seconds: 0, latencies: [], cpuMs: 0 }]),
  );
  const processOf: Record<string, { cpuMs(): number } | undefined> = {
    'bare-node-proxy': bare,
    apikeyrouter: ours,
    portkey,
  };
  for (let round = 0; round < c64Rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length] as Target;
      const cpuBefore = processOf[target.name]?.cpuMs() ?? 0;
      const run = await concurrent(target, 64, c64Ms);
      const total = c64.get(target.name);
      if (total) {
        total.cpuMs += (processOf[target.name]?.cpuMs() ?? 0) - cpuBefore;
        total.completed += run.completed;
        total.seconds += run.seconds;
        // One push per item: a spread of a fast target's tens of thousands of latencies can overflow the stack.
        for (const latency of run.latencies) total.latencies.push(latency);
      }
    }
  }
  const result: GatewayBenchResult = {
    command: `npm run bench:gateway${benchArgs.length > 0 ? ` -- ${benchArgs.join(' ')}` : ''}`,
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the end`,
    c1Requests: rounds * perRound,
    c64Seconds: (c64Rounds * c64Ms) / 1000,
    targets: targets.map((t) => {
      const lat = c1.get(t.name) ?? [];
      const load = c64.get(t.name) ?? { completed: 0, seconds: 1, latencies: [], cpuMs: 0 };
      return {
        name: t.name,
        c1P50Ms: percentile(lat, 50),
        c1P99Ms: percentile(lat, 99),
        c64Rps: load.completed / load.seconds,
        c64P99Ms: percentile(load.latencies, 99),
        cpuMsPerRequest: processOf[t.name] ? load.cpuMs / Math.max(1, load.completed) : null,
      };
    }),
  };
  console.table(result.targets);
  const results = join(here, '..', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'gateway.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results/gateway.json');
} finally {
  await Promise.all([ours.stop(), portkey.stop(), bare.stop()]);
  await upstream.stop();
}
// Rewrite docs/performance.md from every saved result, this one included (as `npm run bench:report` does).
await import('../report.js');
