/**
 * Shared quota pools in one file: four keys of one organisation, whose provider enforces 60 requests/min for
 * the organisation as a whole and reports the organisation's remaining count in every key's headers (as
 * OpenAI does). Nothing is declared: the router learns the limit from the headers. Without `quotaGroup`
 * each key believes it has 60 requests/min of its own and the provider refuses the excess with 429s; with
 * it, the four keys share one budget and the provider never refuses.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/quota/quota-groups.ts
 *
 * Everything runs on a VirtualClock against a simulated provider, so the simulated minutes take milliseconds.
 */
import { ApiKeyRouter, type KeyOptions, type RequestIntent, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter, KeyLimitEnforcer } from '@apikeyrouter/testkit';

const intent: RequestIntent = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello' }],
  parameters: { maxTokens: 50 },
};
const materials = [
  'sk-example-org-a-01',
  'sk-example-org-a-02',
  'sk-example-org-a-03',
  'sk-example-org-a-04',
];

/** Five minutes at 90 requests/min (1.5× what the organisation allows), one request every 667 ms. */
async function run(options: KeyOptions) {
  const clock = new VirtualClock({ autoAdvance: true });
  const organisation = new KeyLimitEnforcer({ rpm: 60 }, () => clock.now());
  const keys = Object.fromEntries(materials.map((m) => [m, { sharedLimits: organisation, latencyMs: 300 }]));
  const provider = new FakeAdapter({ id: 'openai', clock, keys });
  const router = new ApiKeyRouter({ clock });
  await router.registerProvider('openai', provider);
  for (const material of materials) await router.registerKey(material, 'openai', options);
  const requests: Promise<unknown>[] = [];
  let served = 0;
  for (let i = 0; i < 450; i++) {
    requests.push(
      router.route(intent, 'fairness', { deadlineMs: 30_000 }).then(
        () => served++,
        () => undefined,
      ),
    );
    await clock.sleep(60_000 / 90);
  }
  await Promise.all(requests);
  const upstream429s = Object.values(provider.stats()).reduce((n, s) => n + s.rateLimited, 0);
  return { router, served, upstream429s };
}

const perKey = await run({});
console.log(`Per-key accounting:   ${perKey.served} served, ${perKey.upstream429s} upstream 429s`);
const grouped = await run({ quotaGroup: 'org-a' });
console.log(`quotaGroup: 'org-a':  ${grouped.served} served, ${grouped.upstream429s} upstream 429s`);

// The group's state: the limit learned from the headers, counting every member's traffic.
const state = await grouped.router.quota.groups.getQuotaState('org-a');
const rpm = state?.dimensions.find((d) => d.name === 'requests_per_minute');
console.log(`Group org-a: ${state?.keyIds.length} keys, rpm limit ${rpm?.limit} (${rpm?.source})`);

// Saturate the group, then ask why a key was not picked: the explanation names the group.
const router = grouped.router;
await router.setQuotaGroup('org-a', { limits: { rpm: 1 } });
const explanation = await router.explain(intent, 'fairness');
const excluded = explanation.candidates.find((c) => !c.eligible);
console.log(`Why not ${excluded?.keyId}? ${excluded?.exclusion?.detail}`);
if (grouped.upstream429s !== 0 || perKey.upstream429s === 0) process.exit(1);
