import { Agent, request } from 'undici';
import { BENCH_BODY } from './bench-keys.js';

/** One thing the benchmark sends requests to. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

// The load generator shares the two cores with the processes it measures: undici's `request` costs it about a
// third of the CPU `fetch` does, which leaves more for the targets (the same for all three).
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/** Sends one chat completion; resolves its latency in ms (throws unless 200). */
export async function once(target: Target): Promise<number> {
  const started = performance.now();
  const res = await request(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: BENCH_BODY,
    dispatcher: pool,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${target.name}: ${res.statusCode} ${text.slice(0, 200)}`);
  return performance.now() - started;
}

/** `count` sequential requests; their latencies in ms. */
export async function sequential(target: Target, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await once(target));
  return out;
}

/** `workers` concurrent loops for `durationMs`; completed requests and their latencies. */
export async function concurrent(
  target: Target,
  workers: number,
  durationMs: number,
): Promise<{ completed: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) latencies.push(await once(target));
    }),
  );
  return { completed: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}
