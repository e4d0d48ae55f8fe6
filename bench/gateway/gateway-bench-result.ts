import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One target's numbers. */
export interface GatewayTargetResult {
  /** `direct`, `bare-node-proxy` (the floor), `apikeyrouter` or `portkey`. */
  name: string;
  /** Concurrency 1: latency percentiles in ms. */
  c1P50Ms: number;
  c1P99Ms: number;
  /** Concurrency 64: requests per second and p99 latency in ms. */
  c64Rps: number;
  c64P99Ms: number;
  /** CPU the target's own process spent per request during the concurrency-64 runs, in ms (upstream excluded). */
  cpuMsPerRequest: number | null;
}

/** What `npm run bench:gateway` saves in bench/results/gateway.json. */
export interface GatewayBenchResult {
  command: string;
  date: string;
  machine: string;
  /** Requests per target at concurrency 1, and seconds per target at concurrency 64. */
  c1Requests: number;
  c64Seconds: number;
  targets: GatewayTargetResult[];
}

/** The saved gateway benchmark, when it has been run. */
export function readGatewayResult(resultsDir: string): GatewayBenchResult | undefined {
  const file = join(resultsDir, 'gateway.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GatewayBenchResult) : undefined;
}

const fmt = (value: number, digits = 2) => value.toFixed(digits);

/** What the bare proxy says about the latency goals: the floor no Node.js gateway gets under on this machine. */
function floorSentence(bare: GatewayTargetResult | undefined, direct: GatewayTargetResult): string {
  if (!bare) return '';
  const p50 = bare.c1P50Ms - direct.c1P50Ms;
  const p99 = bare.c1P99Ms - direct.c1P99Ms;
  return `The bare proxy adds ${fmt(p50, 3)} ms p50 and ${fmt(p99, 3)} ms p99 by itself: the cost of one more Node.js HTTP hop here, before any gateway logic.`;
}

/** Per-request CPU of Portkey's gateway over ours: what the req/s ratio would be if the gateways had the cores to themselves. */
function cpuSentence(ours: GatewayTargetResult, portkey: GatewayTargetResult): string {
  if (ours.cpuMsPerRequest === null || portkey.cpuMsPerRequest === null) return '';
  return `Per request, Portkey's gateway process spends ${fmt(portkey.cpuMsPerRequest / ours.cpuMsPerRequest)}× the CPU ours does (the req/s ratio also pays for the load generator and the upstream, which share the same two cores).`;
}

/** The "Gateway" section of docs/performance.md. */
export function gatewaySection(result: GatewayBenchResult): string {
  const by = (name: string) => result.targets.find((t) => t.name === name);
  const direct = by('direct');
  const ours = by('apikeyrouter');
  const portkey = by('portkey');
  const bare = by('bare-node-proxy');
  if (!direct || !ours || !portkey) return '';
  const added = (t: GatewayTargetResult, key: 'c1P50Ms' | 'c1P99Ms') => t[key] - direct[key];
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const ratio = ours.c64Rps / portkey.c64Rps;
  const rows = result.targets.map((t) => ({
    target: t.name,
    'c=1 p50 ms': fmt(t.c1P50Ms, 3),
    'c=1 p99 ms': fmt(t.c1P99Ms, 3),
    'added p50 ms': t.name === 'direct' ? '—' : fmt(added(t, 'c1P50Ms'), 3),
    'added p99 ms': t.name === 'direct' ? '—' : fmt(added(t, 'c1P99Ms'), 3),
    'c=64 req/s': Math.round(t.c64Rps),
    'c=64 p99 ms': fmt(t.c64P99Ms, 1),
    'req/s vs direct': fmt(t.c64Rps / direct.c64Rps),
    'gateway CPU ms/req': t.cpuMsPerRequest === null ? '—' : fmt(t.cpuMsPerRequest, 3),
  }));
  const header = `| ${Object.keys(rows[0] ?? {}).join(' | ')} |`;
  const lines = rows.map((row) => `| ${Object.values(row).join(' | ')} |`);
  return `## Gateway (bench/gateway)

Made by \`${result.command}\` on ${result.date} (${result.machine}). One interleaved run against the same
loopback upstream (the simulated OpenAI server of @apikeyrouter/testkit, in its own process, four unlimited
keys): a direct call, a bare Node.js proxy (\`bench/gateway/bare-proxy.ts\`: \`node:http\` and undici, body parsed
and re-serialised, keys taken in turn, nothing else: the least any Node.js gateway does), ApiKeyRouter's gateway (\`apikeyrouter serve\`, its own process, access log on) and
Portkey's open-source gateway (\`@portkey-ai/gateway\`, its own process, \`loadbalance\` config over the same
keys). Concurrency 1: ${result.c1Requests} requests per target in interleaved rounds; concurrency 64:
${result.c64Seconds} s per target in interleaved rounds. The load generator is the same for all four: undici \`request\` on a keep-alive pool (a third of the CPU \`fetch\` costs it, on the same two cores).
Each gateway's stdout goes to a file the load generator does not read (ours writes its access log there, one line per request, and pays for every write); \`--node-flags\`, when the command shows it, went to all three gateway processes alike.
"Gateway CPU ms/req" is the CPU time of the gateway process itself per request (from /proc), which depends
far less on other load on the machine than latency and throughput do.
${floorSentence(bare, direct)}
${cpuSentence(ours, portkey)}
Goals: added p50 ≤ 0.3 ms: ${fmt(added(ours, 'c1P50Ms'), 3)} ms, ${verdict(added(ours, 'c1P50Ms') <= 0.3)}; added p99 ≤ 1 ms: ${fmt(added(ours, 'c1P99Ms'), 3)} ms, ${verdict(added(ours, 'c1P99Ms') <= 1)}; ≥ 3× Portkey's req/s: ${fmt(ratio)}×, ${verdict(ratio >= 3)}.

${header}
| ${Object.keys(rows[0] ?? {})
    .map(() => '---')
    .join(' | ')} |
${lines.join('\n')}
`;
}
