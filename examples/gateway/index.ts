/**
 * `npm run gateway`: the ApiKeyRouter gateway from gateway.yaml over simulated OpenAI and Anthropic providers
 * (real HTTP servers on 127.0.0.1 from @apikeyrouter/testkit), so it runs without any API key. Prints a curl
 * command and an `openai` SDK snippet to try it. PORT=0 picks a free port. Stop with Ctrl-C.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '@apikeyrouter/server';
import { startFakeProvider } from '@apikeyrouter/testkit';

const SIM_KEYS = {
  OPENAI_KEY_1: 'sk-sim-openai-prod-1',
  OPENAI_KEY_2: 'sk-sim-openai-prod-2',
  ANTHROPIC_KEY_1: 'sk-ant-sim-1',
};
const DEMO_KEY = process.env.AKR_DEMO_KEY ?? 'akr-demo-0123456789abcdef';

const openai = await startFakeProvider({
  flavor: 'openai',
  keys: {
    [SIM_KEYS.OPENAI_KEY_1]: { label: 'openai-prod-1', rpm: 600, latencyMs: 20 },
    [SIM_KEYS.OPENAI_KEY_2]: { label: 'openai-prod-2', rpm: 120, latencyMs: 10 },
  },
});
const anthropic = await startFakeProvider({
  flavor: 'anthropic',
  keys: { [SIM_KEYS.ANTHROPIC_KEY_1]: { label: 'anthropic-1', rpm: 60, latencyMs: 30 } },
});

const running = await startGateway({
  configFile: join(dirname(fileURLToPath(import.meta.url)), 'gateway.yaml'),
  env: {
    ...process.env,
    ...SIM_KEYS,
    SIM_OPENAI_URL: openai.url,
    SIM_ANTHROPIC_URL: anthropic.url,
    AKR_DEMO_KEY: DEMO_KEY,
    AKR_TEAM_SEARCH: process.env.AKR_TEAM_SEARCH ?? 'akr-team-search-0123456789',
    AKR_ADMIN_TOKEN: process.env.AKR_ADMIN_TOKEN ?? 'akr-admin-0123456789abcdef',
  },
  watch: true,
  signals: true,
  ...(process.env.PORT !== undefined ? { port: Number(process.env.PORT) } : {}),
});
process.on('exit', () => {
  void openai.close();
  void anthropic.close();
});

console.log(`apikeyrouter listening on ${running.url}  (simulated providers, gateway key ${DEMO_KEY})

Try it with curl:

curl ${running.url}/v1/chat/completions -H "Authorization: Bearer ${DEMO_KEY}" -H "Content-Type: application/json" -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello gateway"}]}' -i

or with the openai SDK (npm install openai):

import OpenAI from 'openai';
const client = new OpenAI({ baseURL: '${running.url}/v1', apiKey: '${DEMO_KEY}' });
const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello gateway' }] });
console.log(res.choices[0].message.content);
console.log(res.model);

Anthropic models work through the same endpoint (model: "claude-3-5-haiku-latest"), and every model works
through POST /v1/messages too. Metrics: ${running.url}/metrics. Ctrl-C stops.
`);
