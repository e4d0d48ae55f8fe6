import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { AdapterBenchResult } from './adapters/adapter-bench-result.js';
import type { GatewayBenchResult } from './gateway/gateway-bench-result.js';
import { performanceReport } from './performance-report.js';
import { readAdmissionResults, withAdmissionSection } from './quota-sim/admission-report.js';
import { readAffinityResults, withAffinitySection } from './quota-sim/affinity/affinity-report.js';
import type { SimRow } from './quota-sim/sim-metrics.js';
import type { RouteOverheadRow } from './route-overhead.js';
import { readSharedStateResults, withSharedStateSection } from './shared-state/shared-state-report.js';
import { svgBarChart } from './svg-bar-chart.js';

/** Benchmark results as saved in bench/results. */
export interface BenchResults {
  overhead: RouteOverheadRow[];
  adapters: AdapterBenchResult[];
  quota: SimRow[];
  quotaHours: number;
  /** The gateway benchmark (`npm run bench:gateway`), when it has been run. */
  gateway?: GatewayBenchResult | undefined;
}

/**
 * Writes docs/performance.md and docs/quota-sim.svg from benchmark results.
 *
 * @example
 * writeBenchDocs(docsDir, results, 'npm run bench', '2026-11-22');
 */
export function writeBenchDocs(docsDir: string, results: BenchResults, command: string, date: string): void {
  const loads = [...new Set(results.quota.map((r) => r.loadPercent))];
  const strategies = [...new Set(results.quota.map((r) => r.strategy))];
  writeFileSync(
    join(docsDir, 'quota-sim.svg'),
    svgBarChart({
      title: 'Upstream 429s per 1,000 requests by load',
      yLabel: '429s per 1,000 requests',
      groups: loads.map((l) => `${l}% load`),
      series: strategies.map((name) => ({
        name,
        values: loads.map(
          (l) =>
            results.quota.find((r) => r.strategy === name && r.loadPercent === l)?.upstream429PerThousand ??
            0,
        ),
      })),
      logScale: true,
    }),
  );
  const base = performanceReport({
    command,
    date,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    ...results,
  });
  // The admission-control numbers come from bench/results/admission.json (npm run bench:admission or bench).
  const admission = readAdmissionResults(join(docsDir, '..', 'bench', 'results', 'admission.json'));
  const report = admission === undefined ? base : withAdmissionSection(base, admission);
  // The shared-state numbers come from their own runner (npm run bench:shared-state): keep its last section.
  const shared = readSharedStateResults(join(docsDir, '..', 'bench', 'results', 'shared-state.json'));
  const withShared = shared === undefined ? report : withSharedStateSection(report, shared);
  // Likewise the prompt-cache affinity numbers (npm run bench:affinity).
  const affinity = readAffinityResults(join(docsDir, '..', 'bench', 'results', 'affinity-sim.json'));
  writeFileSync(
    join(docsDir, 'performance.md'),
    affinity === undefined ? withShared : withAffinitySection(withShared, affinity),
  );
}
