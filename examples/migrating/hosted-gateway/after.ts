/**
 * From a hosted gateway (Portkey, LLM Gateway): the client code stays OpenAI-shaped, but routing happens
 * in-process — no extra network hop, no third party holding your keys. The gateway's config (fallback
 * targets, load balancing, budgets, metadata) becomes request extensions and router settings. The "before"
 * is in docs/migrating/from-hosted-gateway.md. When @apikeyrouter/server ships, the same code can instead
 * point `baseURL` at your own gateway.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b ANTHROPIC_API_KEY=sk-ant-… node --conditions=@apikeyrouter/source --import tsx examples/migrating/hosted-gateway/after.ts
 */
import OpenAI from '@apikeyrouter/openai-compat';

// was: new OpenAI({ baseURL: 'https://api.portkey.ai/v1', defaultHeaders: { 'x-portkey-config': 'pc-…' } })
const client = new OpenAI({ objective: 'balanced', maxRetries: 3 });

// The gateway's budget limit, now enforced before each call (reserve → commit), on the client's router.
await client.router.costController.createBudget({
  name: 'gateway budget',
  scope: 'global',
  limit: '25',
  period: 'month',
  enforcementMode: 'hard',
});

// strategy: fallback + targets → fallback_models; metadata → tags for per-team budgets and reports.
const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello through the in-process gateway' }],
  fallback_models: ['anthropic/claude-3-5-haiku-latest'],
  metadata: { team: 'support', feature: 'triage' },
});
console.log(`[${completion.model}] ${completion.choices[0]?.message.content}`);
console.log(`  ${completion.apikeyrouter.explanation}`);

// The gateway's request logs → the router's events, in your process.
client.router.on('requestCompleted', (event) =>
  console.log(`  log: ${event.providerId}/${event.model} ok=${event.ok} attempts=${event.attempts}`),
);

// strategy: loadbalance with weights → key weights + the 'fairness' objective.
const counts = new Map<string, number>();
for (let i = 0; i < 4; i++) {
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `request ${i}` }],
    objective: 'fairness',
  });
  counts.set(res.apikeyrouter.keyId, (counts.get(res.apikeyrouter.keyId) ?? 0) + 1);
}
console.log('requests per key:', [...counts.values()]);

const status = await client.router.costController.getBudgetStatus(
  client.router.costController.listBudgets()[0]!.id,
);
console.log(`spent so far: $${status.spent.toFixed(6)}`);
