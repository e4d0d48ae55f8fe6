/**
 * Provider health and prompt-cache affinity over simulated providers (no API key, virtual clock):
 * an OpenAI outage opens the provider's circuit, requests go straight to the Anthropic fallback, one probe
 * after the cool-down closes it; then a conversation sticks to one key and the provider serves its system
 * prompt from the cache.
 */
import assert from 'node:assert/strict';
import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

const clock = new VirtualClock({ autoAdvance: true });
const openai = new FakeAdapter({
  id: 'openai',
  clock,
  keys: { 'sk-oa-1': {}, 'sk-oa-2': {}, 'sk-oa-3': {} },
});
const anthropic = new FakeAdapter({ id: 'anthropic', clock, keys: { 'sk-ant-1': {} } });
const router = new ApiKeyRouter({ clock, affinity: { derive: 'system' } });
await router.registerProvider('openai', openai);
await router.registerProvider('anthropic', anthropic);
for (const key of ['sk-oa-1', 'sk-oa-2', 'sk-oa-3']) await router.registerKey(key, 'openai');
await router.registerKey('sk-ant-1', 'anthropic');
router.on('providerHealthChanged', (t) => console.log(`  provider ${t.providerId}: ${t.from} → ${t.to}`));

const system = `You are the billing assistant. ${'Follow the refund policy exactly. '.repeat(150)}`;
const ask = (question: string) =>
  router.route(
    {
      model: 'openai/gpt-4o-mini',
      fallbackModels: ['anthropic/claude-3-5-haiku'],
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: question },
      ],
    },
    'fairness',
  );

openai.addFault({ kind: 'overloaded', times: 3 }); // every OpenAI key answers 503 once
const first = await ask('Where is my refund?');
console.log(`1st: ${first.providerId} after ${first.attempts} attempts`);
const second = await ask('And my invoice?');
console.log(`2nd: ${second.providerId} — ${String(second.explanation)}`);
assert.equal(second.providerId, 'anthropic');
assert.equal(second.attempts, 1);

await clock.advance(15_000); // cool-down over: one probe closes the circuit
const third = await ask('Can I pay by card?');
assert.equal(third.providerId, 'openai');

const keys = new Set<string>();
let cached = 0;
let affinity = '';
for (let i = 0; i < 5; i++) {
  const res = await ask(`Question ${i}`);
  keys.add(res.keyId);
  cached += res.usage.cachedInputTokens ?? 0;
  affinity = res.explanation.affinity?.outcome ?? 'none';
}
console.log(`5 more: ${keys.size} key(s), ${cached} cached input tokens; last affinity: ${affinity}`);
assert.equal(affinity, 'used');
assert.equal(keys.size, 1);
assert.ok(cached > 0);
