/**
 * Quota awareness in one file: declared limits, reservations, a refusal with its retry time, learning an
 * unknown key's limits from rate-limit headers, a provider 429, prediction and capacity states.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/quota/quota-state.ts
 *
 * Everything runs on a VirtualClock, so the simulated minutes take milliseconds.
 */
import {
  estimateUsage,
  QuotaAwarenessEngine,
  type QuotaState,
  type RateLimitObservation,
  type RequestIntent,
  VirtualClock,
} from '@apikeyrouter/core';

const clock = new VirtualClock();
const start = clock.now();
const at = (epochMs: number | undefined) =>
  epochMs === undefined ? '—' : `t+${((epochMs - start) / 1000).toFixed(1)}s`;

const engine = new QuotaAwarenessEngine({
  clock,
  onWarning: (event) =>
    console.log(
      `  ⚠ ${event.keyId}: ${event.previous} → ${event.capacityState} on ${event.dimension} ` +
        `(${event.remaining} left, exhaustion predicted ${at(event.predictedExhaustionAt)})`,
    ),
});

function summary(state: QuotaState): string {
  const dims = state.dimensions
    .map((d) => `${d.name} ${d.used + d.reserved}/${d.limit} (${d.source})`)
    .join(', ');
  return `${state.capacityState}, ${(state.remainingCapacity * 100).toFixed(0)}% left, in flight ${state.inFlight}; ${dims}`;
}

const intent: RequestIntent = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarise the quarterly report in three bullet points, please.' }],
  parameters: { maxTokens: 300 },
};
const estimate = estimateUsage(intent);
console.log(
  `Estimate for one request: ${estimate.inputTokens} input + ${estimate.outputTokens} output tokens`,
);

// 1. A key with declared limits: requests reserve before the call and commit actual usage after it.
engine.registerKey('openai-team-a', { rpm: 20, tpm: 8_000 });
console.log('\n1. Declared limits (rpm 20, tpm 8 000): one request every 2 s for 30 s');
for (let i = 0; i < 15; i++) {
  const result = await engine.reserve('openai-team-a', estimate);
  if (!result.ok) throw new Error(result.check.detail);
  await engine.commit(result.reservation, {
    inputTokens: estimate.inputTokens,
    outputTokens: 180,
    totalTokens: estimate.inputTokens + 180,
  });
  await clock.advance(2_000);
}
const a = await engine.getQuotaState('openai-team-a');
console.log(`  ${summary(a)}`);
console.log(`  predicted exhaustion: ${at(a.predictedExhaustionAt)}`);

console.log('\n2. A burst of 10 concurrent requests: reservations are atomic, the limit holds');
const burst = await Promise.all(Array.from({ length: 10 }, () => engine.reserve('openai-team-a', estimate)));
const granted = burst.filter((r) => r.ok).length;
const refused = burst.find((r) => !r.ok);
console.log(`  granted ${granted}, refused ${burst.length - granted}`);
if (refused && !refused.ok)
  console.log(`  why: ${refused.check.detail}; retry at ${at(refused.check.retryAt)}`);
console.log(`  nextFitAt: ${at(engine.nextFitAt('openai-team-a', estimate))}`);
for (const result of burst)
  if (result.ok) await engine.release(result.reservation, { reachedProvider: false });

// 2. A key nobody declared limits for: cautious until its first response teaches it.
engine.registerKey('openai-team-b');
console.log('\n3. Unknown limits: cautious start');
const first = await Promise.all(Array.from({ length: 5 }, () => engine.reserve('openai-team-b', estimate)));
console.log(`  5 requests at start-up → ${first.filter((r) => r.ok).length} sent, the rest wait`);
const headers: RateLimitObservation = {
  // What an OpenAI adapter parses from x-ratelimit-{limit,remaining,reset}-{requests,tokens}.
  dimensions: [
    { dimension: 'requests_per_minute', limit: 500, remaining: 498, resetAt: clock.now() + 240 },
    { dimension: 'tokens_per_minute', limit: 200_000, remaining: 199_200, resetAt: clock.now() + 240 },
  ],
};
for (const result of first) {
  if (result.ok)
    await engine.commit(
      result.reservation,
      { inputTokens: 20, outputTokens: 100, totalTokens: 120 },
      headers,
    );
}
console.log(`  after the first responses: ${summary(await engine.getQuotaState('openai-team-b'))}`);

console.log('\n4. The provider answers 429 with retry-after: 20 s');
engine.observe('openai-team-b', {
  dimensions: [{ dimension: 'tokens_per_minute', limit: 200_000, remaining: 0 }],
  retryAfterMs: 20_000,
});
const blocked = engine.check('openai-team-b', estimate);
if (!blocked.fits) console.log(`  check: ${blocked.dimension}, retry at ${at(blocked.retryAt)}`);
console.log(`  state: ${(await engine.getQuotaState('openai-team-b')).capacityState}`);
await clock.advance(20_000);
console.log(`  20 s later: ${(await engine.getQuotaState('openai-team-b')).capacityState}`);
await clock.advance(60_000);
console.log(`  a minute after that: ${(await engine.getQuotaState('openai-team-b')).capacityState}`);

console.log('\n5. Key A under more load than it can sustain (30 requests/min against rpm 20)');
for (let i = 0; i < 30; i++) {
  const result = await engine.reserve('openai-team-a', estimate);
  if (!result.ok) {
    console.log(
      `  ${at(clock.now())}: refused on ${result.check.dimension}, retry at ${at(result.check.retryAt)}`,
    );
    break;
  }
  await engine.commit(result.reservation, {
    inputTokens: estimate.inputTokens,
    outputTokens: 180,
    totalTokens: estimate.inputTokens + 180,
  });
  if (i % 4 === 3) {
    // The smoothed rate (30 s half-life) catches up with the new pace, and the prediction with it.
    const state = await engine.getQuotaState('openai-team-a');
    const rpm = state.dimensions.find((d) => d.name === 'requests_per_minute');
    console.log(
      `  ${at(clock.now())}: ${state.capacityState}, ${rpm?.ratePerMinute?.toFixed(1)} requests/min, ` +
        `exhaustion predicted ${at(state.predictedExhaustionAt)}`,
    );
  }
  await clock.advance(2_000);
}
console.log('\nFull state of key A:');
console.log(JSON.stringify(await engine.getQuotaState('openai-team-a'), null, 2));
