/**
 * Measures what the quota engine costs per key (heap + typed-array memory) and per `check()` call with
 * 10 000 keys. Numbers go in docs/quota.md; timings vary with the machine.
 *
 *   node --expose-gc --conditions=@apikeyrouter/source --import tsx examples/quota/footprint.ts
 */
import { QuotaAwarenessEngine, VirtualClock } from '@apikeyrouter/core';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('run with --expose-gc for exact memory figures');
  process.exit(1);
}
const collect = gc;

function bytesInUse(): number {
  collect();
  collect();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

const count = 10_000;
const ids = Array.from({ length: count }, (_, i) => `key-${i}`);
const clock = new VirtualClock();
const engine = new QuotaAwarenessEngine({ clock });
const estimate = { inputTokens: 100, outputTokens: 100 };
const usage = { inputTokens: 100, outputTokens: 60, totalTokens: 160 };
const send = async (id: string) => {
  const result = await engine.reserve(id, estimate);
  if (result.ok) await engine.commit(result.reservation, usage);
};

const base = bytesInUse();
for (const id of ids) engine.registerKey(id, { rpm: 500, tpm: 30_000, rpd: 10_000 });
const idle = (bytesInUse() - base) / count;
for (const id of ids) await send(id);
const active = (bytesInUse() - base) / count;
for (let second = 0; second < 90; second++) {
  for (let i = 0; i < 1_000; i++) await send(ids[i] as string);
  await clock.advance(1_000);
}
const busy = (bytesInUse() - base) / count;

let fits = 0;
const rounds = 100;
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const id of ids) if (engine.check(id, estimate).fits) fits++;
}
const checkNs = ((performance.now() - started) * 1e6) / (rounds * count);

await clock.advance(2 * 86_400_000);
for (const id of ids) engine.check(id, estimate);
const rested = (bytesInUse() - base) / count;

console.log(`keys: ${count}`);
console.log(`idle key, never used:         ${idle.toFixed(0)} B`);
console.log(`after its first request:      ${active.toFixed(0)} B (windows allocated)`);
console.log(`1 000 keys busy for 90 s:     ${busy.toFixed(0)} B per key on average (bounded: fixed buckets)`);
console.log(`idle again after 2 days:      ${rested.toFixed(0)} B`);
console.log(`check(): ${checkNs.toFixed(0)} ns per call over ${count} keys (${fits} fits)`);
