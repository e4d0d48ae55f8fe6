/**
 * `npm run demo`: a few hundred requests through four simulated providers (real HTTP servers on 127.0.0.1
 * speaking the OpenAI, Anthropic, Gemini and Ollama wire formats, with hidden limits and faults), switching
 * objectives, then a table of every key and one explanation. With OPENAI_API_KEY, ANTHROPIC_API_KEY,
 * GEMINI_API_KEY or OLLAMA_BASE_URL set, it routes a few real requests instead.
 */
import { ApiKeyRouter, type ObjectivePreset, RouterError } from '@apikeyrouter/core';
import { printTable } from './print-table.js';
import { setUpRealProviders } from './real-providers.js';
import { setUpSimulatedProviders } from './simulated-providers.js';

const router = new ApiKeyRouter({ defaults: { deadlineMs: 20_000 } });

const real = await setUpRealProviders(router, process.env);
if (real.length > 0) {
  console.log(
    `Real providers found in the environment: ${real.map((p) => p.providerId).join(', ')} — routing 3 real requests.\n`,
  );
  const [primary, ...others] = real;
  for (let i = 0; i < 3; i++) {
    const res = await router.route(
      {
        model: `${primary?.providerId}/${primary?.model}`,
        messages: [{ role: 'user', content: 'In one short sentence: what does an API key router do?' }],
        parameters: { maxTokens: 60 },
        fallbackModels: others.map((p) => `${p.providerId}/${p.model}`),
      },
      'cost',
    );
    console.log(
      `${res.providerId}/${res.model}: ${res.content.trim()}  [${res.usage.totalTokens} tokens, $${res.cost.amount.toFixed(6)}]`,
    );
  }
  console.log(
    `\n${String((await router.route({ model: `${primary?.providerId}/${primary?.model}`, messages: [{ role: 'user', content: 'Say ok.' }], parameters: { maxTokens: 5 } }, 'cost')).explanation)}`,
  );
  process.exit(0);
}

console.log('No provider credentials in the environment: using simulated providers on 127.0.0.1.\n');
const providers = await setUpSimulatedProviders(router);
router.costController.setModelPrice('llama3.2', { inputPerMillion: '0', outputPerMillion: '0' });
await router.costController.createBudget({
  scope: 'global',
  limit: '1.00',
  period: 'day',
  enforcementMode: 'hard',
  name: 'demo-daily',
});

const stateChanges: string[] = [];
router.on('keyStateChanged', (t) =>
  stateChanges.push(`${router.getKey(t.keyId)?.label ?? t.keyId}: ${t.from} → ${t.to} (${t.reason})`),
);
let fallbacks = 0;
router.on('fallback', () => fallbacks++);

const questions = [
  'What is a rate limit?',
  'Name three colours.',
  'Summarise TCP in a line.',
  'Why cache responses?',
];
const phases: ObjectivePreset[] = ['cost', 'latency', 'fairness', 'reliability'];
const outcomes = new Map<string, number>();
let sample: Awaited<ReturnType<typeof router.route>> | undefined;
for (const objective of phases) {
  const batch = Array.from({ length: 75 }, (_, i) =>
    router
      .route(
        {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: questions[i % questions.length] as string }],
          parameters: { maxTokens: 40 },
          fallbackModels: ['anthropic/claude-3-5-haiku-latest', 'gemini/gemini-2.5-flash', 'ollama/llama3.2'],
          tags: { team: i % 2 ? 'search' : 'support' },
        },
        objective,
      )
      .then((res) => {
        outcomes.set(`${objective} ok`, (outcomes.get(`${objective} ok`) ?? 0) + 1);
        if (objective === 'cost' && res.attempts > 1) sample ??= res;
      })
      .catch((error: unknown) => {
        const category = RouterError.isInstance(error) ? error.category : 'unexpected';
        outcomes.set(`${objective} ${category}`, (outcomes.get(`${objective} ${category}`) ?? 0) + 1);
      }),
  );
  await Promise.all(batch);
}

const rows = [];
for (const key of router.listKeys()) {
  const quota = await router.quota.getQuotaState(key.id);
  const spend = await router.costController.getSpend({ scope: 'key', scopeId: key.id });
  const rpm = quota.dimensions.find((d) => d.name === 'requests_per_minute');
  rows.push({
    key: key.label,
    provider: key.providerId,
    state: key.state,
    requests: key.stats.requests,
    ok: key.stats.successes,
    failed: key.stats.failures,
    'rpm used/limit': rpm ? `${rpm.used}/${rpm.limit} (${rpm.source})` : '-',
    capacity: quota.capacityState,
    'spend $': spend.total.toFixed(6),
  });
}
printTable(rows);
console.log(`\nOutcomes: ${[...outcomes].map(([k, v]) => `${k}=${v}`).join(', ')}; fallbacks: ${fallbacks}`);
console.log('\nKey state changes:');
for (const change of stateChanges) console.log(`  ${change}`);
const why =
  sample?.explanation ??
  (await router.explain({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, 'cost'));
console.log(`\nOne explanation:\n  ${String(why)}`);
for (const candidate of why.candidates) {
  const verdict = candidate.eligible
    ? `score ${candidate.total?.toFixed(3)} ${JSON.stringify(Object.fromEntries(Object.entries(candidate.scores ?? {}).map(([k, v]) => [k, Number(v.toFixed(3))])))}`
    : `excluded: ${candidate.exclusion?.code} — ${candidate.exclusion?.detail}`;
  console.log(`  ${candidate.label.padEnd(16)} ${candidate.providerId}/${candidate.model}: ${verdict}`);
}
const budget = (await router.costController.listBudgets())[0];
if (budget) {
  const status = await router.costController.getBudgetStatus(budget.id);
  console.log(
    `\nBudget ${budget.name}: spent $${status.spent.toFixed(6)} of $${budget.limit.toFixed(2)}, reserved $${status.reserved.toFixed(6)}`,
  );
}
await providers.close();
