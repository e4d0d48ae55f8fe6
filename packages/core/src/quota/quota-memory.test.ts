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

const estimate = { inputTokens: 100, outputTokens: 100 };
const usage = { inputTokens: 100, outputTokens: 60, totalTokens: 160 };

/** Registers `ids`, then returns the three phases a key goes through, each a step of the measurement. */
function lifecycle(ids: readonly string[]) {
  const clock = new VirtualClock();
  const engine = new QuotaAwarenessEngine({ clock });
  return {
    register: () => {
      for (const id of ids) engine.registerKey(id, { rpm: 500, tpm: 30_000, rpd: 10_000 });
    },
    // Traffic allocates each key's fixed-size windows on its first request; more traffic only fills their
    // buckets (see bucket-ring.test.ts), so this is the most a key's windows ever take.
    traffic: async () => {
      for (const id of ids) {
        const result = await engine.reserve(id, estimate);
        if (result.ok) await engine.commit(result.reservation, usage);
      }
    },
    rest: async () => {
      await clock.advance(2 * 86_400_000);
      for (const id of ids) engine.check(id, estimate);
    },
  };
}

describe('QuotaAwarenessEngine: memory per key', () => {
  it('an idle key costs under 1 KB; one with traffic under 4 KB, and idle again under 1 KB', async () => {
    // Run every path once on a throwaway engine first: the bytecode and feedback V8 builds on a path's first
    // run is a one-off cost, not the keys', and at 5,000 keys it alone moved the reading by ~25 B per key.
    const warm = lifecycle(Array.from({ length: 50 }, (_, i) => `warm-${i}`));
    warm.register();
    await warm.traffic();
    await warm.rest();

    // One-off heap costs (optimised code, feedback, caches) land in the reading whatever the key count; under a
    // busy parallel run they added ~80 B per key at 5,000 keys. More keys spread them thinner.
    const count = 20_000;
    const keys = lifecycle(Array.from({ length: count }, (_, i) => `key-${i}`));
    const base = bytesInUse();
    keys.register();
    expect((bytesInUse() - base) / count).toBeLessThan(1_024);
    await keys.traffic();
    expect((bytesInUse() - base) / count).toBeLessThan(4_096);
    await keys.rest();
    expect((bytesInUse() - base) / count).toBeLessThan(1_024);
  });
});
