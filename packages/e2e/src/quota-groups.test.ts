import { ApiKeyRouter, NoEligibleKeysError, type RouteResponse } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, KeyLimitEnforcer, startFakeProvider } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const KEYS = ['sk-e2e-org-canary-1', 'sk-e2e-org-canary-2', 'sk-e2e-org-canary-3'];
let server: FakeProvider | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback OpenAI whose three keys share one organisation limit of 10 requests/min, reported in x-ratelimit-*. */
async function organisation(quotaGroup: string | undefined) {
  const shared = new KeyLimitEnforcer({ rpm: 10 }, () => Date.now());
  server = await startFakeProvider({
    flavor: 'openai',
    keys: Object.fromEntries(KEYS.map((key, i) => [key, { sharedLimits: shared, label: `k${i}` }])),
  });
  const router = new ApiKeyRouter({
    defaults: { deadlineMs: 5_000, retry: { baseDelayMs: 5, maxDelayMs: 10 } },
  });
  await router.registerProvider(
    'openai',
    new OpenAIAdapter({ baseURL: `${server.url}/v1`, timeoutMs: 2_000 }),
  );
  for (const key of KEYS) await router.registerKey(key, 'openai', quotaGroup ? { quotaGroup } : {});
  return { router, server };
}

const ask = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'ping' }],
  parameters: { maxTokens: 5 },
};

function upstream429s(fake: FakeProvider): number {
  return Object.values(fake.stats()).reduce((n, s) => n + s.rateLimited, 0);
}

describe('quota groups over HTTP: OpenAI x-ratelimit-* describe the organisation', () => {
  it('the group learns the organisation limit from real headers and stops at it without a 429', async () => {
    const { router, server } = await organisation('org-a');
    const served: RouteResponse[] = [];
    let refused: unknown;
    for (let i = 0; i < 14 && refused === undefined; i++) {
      await router.route(ask, 'fairness').then(
        (res) => served.push(res),
        (error: unknown) => {
          refused = error;
        },
      );
    }
    expect(served).toHaveLength(10);
    expect(new Set(served.map((res) => res.keyId)).size).toBe(3);
    expect(upstream429s(server)).toBe(0);
    expect(refused).toBeInstanceOf(NoEligibleKeysError);
    const message = JSON.stringify({ refused, explanation: (refused as NoEligibleKeysError).explanation });
    expect(message).toContain('quota group org-a');
    for (const key of KEYS) expect(message).not.toContain(key);
    const state = await router.quota.groups.getQuotaState('org-a');
    expect(state?.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 10,
      source: 'learned',
    });
  });

  it('without the group, each key takes the organisation limit for its own and the upstream refuses', async () => {
    const { router, server } = await organisation(undefined);
    for (let i = 0; i < 14; i++) await router.route(ask, 'fairness').catch(() => undefined);
    expect(upstream429s(server)).toBeGreaterThan(0);
  });
});
