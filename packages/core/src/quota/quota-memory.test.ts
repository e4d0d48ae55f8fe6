import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';

// A precise heap reading needs a full collection first; the flag makes `gc` reachable from a fresh context.
setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

function bytesInUse(): number {
  collect();
  collect();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

describe('QuotaAwarenessEngine: memory per key', () => {
  it('an idle key costs under 1 KB; one with traffic under 4 KB, and idle again under 1 KB', async () => {
    const count = 5_000;
    const ids = Array.from({ length: count }, (_, i) => `key-${i}`);
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    const base = bytesInUse();
    for (const id of ids) engine.registerKey(id, { rpm: 500, tpm: 30_000, rpd: 10_000 });
    const idle = (bytesInUse() - base) / count;
    expect(idle).toBeLessThan(1_024);

    // Traffic allocates each key's fixed-size windows on its first request; more traffic only fills their
    // buckets (see bucket-ring.test.ts), so this is the most a key's windows ever take.
    const estimate = { inputTokens: 100, outputTokens: 100 };
    const usage = { inputTokens: 100, outputTokens: 60, totalTokens: 160 };
    const send = async (id: string) => {
      const result = await engine.reserve(id, estimate);
      if (result.ok) await engine.commit(result.reservation, usage);
    };
    for (const id of ids) await send(id);
    const active = (bytesInUse() - base) / count;
    expect(active).toBeLessThan(4_096);

    await clock.advance(2 * 86_400_000);
    for (const id of ids) engine.check(id, estimate);
    const rested = (bytesInUse() - base) / count;
    expect(rested).toBeLessThan(1_024);
  });
});
