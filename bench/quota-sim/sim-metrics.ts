import { Decimal } from '@apikeyrouter/core';

/** What one strategy did under one load. */
export interface SimRow {
  strategy: string;
  loadPercent: number;
  requests: number;
  upstream429PerThousand: number;
  clientFailures: number;
  goodputPerMinute: number;
  p99QueueMs: number;
  spendUsd: string;
}

/** Collects outcomes during a run. */
export class SimMetrics {
  requests = 0;
  successes = 0;
  failures = 0;
  upstream429 = 0;
  queueDelays: number[] = [];
  spend = new Decimal(0);

  row(strategy: string, loadPercent: number, durationMs: number): SimRow {
    const sorted = [...this.queueDelays].sort((a, b) => a - b);
    const p99 =
      sorted.length === 0
        ? 0
        : (sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0);
    return {
      strategy,
      loadPercent,
      requests: this.requests,
      upstream429PerThousand: Math.round((this.upstream429 / Math.max(1, this.requests)) * 1000 * 10) / 10,
      clientFailures: this.failures,
      goodputPerMinute: Math.round((this.successes / (durationMs / 60_000)) * 10) / 10,
      p99QueueMs: Math.round(p99),
      spendUsd: this.spend.toFixed(4),
    };
  }
}
