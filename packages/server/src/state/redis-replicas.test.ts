import type { RedisServerHandle } from '@apikeyrouter/redis/testing';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GatewayConfigInput, gatewayConfigSchema } from '../config/config-schema.js';
import { type RunningGateway, startGateway } from '../server/start-gateway.js';

const CANARY = 'sk-canary-replicas-5e1d9a3c7b2f4e60';
const TEAM = 'akr-team-replicas-0123456789abcdef';
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'shared question' }] };

function config(upstream: string, redisUrl: string, prefix: string, teamRpm?: number): GatewayConfigInput {
  return {
    server: { port: 0, accessLog: false },
    providers: { openai: { adapter: 'openai', baseURL: `${upstream}/v1` } },
    keys: [{ provider: 'openai', key: CANARY, models: ['gpt-4o-mini'], limits: { rpm: 3 } }],
    budgets: [{ scope: 'global', limit: '100', period: 'day', name: 'all traffic' }],
    virtualKeys: [
      {
        name: 'team',
        key: TEAM,
        budget: { limit: '10', period: 'day' },
        ...(teamRpm === undefined ? {} : { limits: { rpm: teamRpm } }),
      },
    ],
    // A refused call waits for the shared key until the deadline: long enough for a cold call, short for a test.
    routing: { deadlineMs: 2_000 },
    redis: { url: redisUrl, prefix, replicas: 2 },
    state: { store: 'redis' },
    cache: { store: 'redis' },
  };
}

async function chat(
  gateway: RunningGateway,
  body: object = CHAT,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEAM}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function upstreamCalls(upstream: FakeProvider): number {
  return Object.values(upstream.stats()).reduce((sum, key) => sum + key.requests, 0);
}

describe('gateway replicas on one Redis', () => {
  let redis: RedisServerHandle;
  let upstream: FakeProvider;
  let prefixes = 0;
  const open: RunningGateway[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    upstream = await startFakeProvider({ flavor: 'openai', keys: { [CANARY]: { label: 'shared' } } });
  });
  afterAll(async () => {
    await Promise.all(open.map((gateway) => gateway.close()));
    await upstream.close();
    await redis.stop();
  });

  async function replicas(teamRpm?: number): Promise<[RunningGateway, RunningGateway]> {
    prefixes++;
    const parsed = gatewayConfigSchema.parse(
      config(upstream.url, redis.url, `gw${process.pid}x${prefixes}`, teamRpm),
    );
    const a = await startGateway({ config: parsed, log: () => undefined });
    open.push(a);
    const b = await startGateway({ config: parsed, log: () => undefined });
    open.push(b);
    return [a, b];
  }

  it('share budgets (one record each, one spend), key limits and key states', async () => {
    const [a, b] = await replicas();
    const idsA = a.gateway.router.costController.listBudgets().map((budget) => budget.id);
    expect(
      b.gateway.router.costController
        .listBudgets()
        .map((budget) => budget.id)
        .sort(),
    ).toEqual([...idsA].sort());
    expect(idsA).toHaveLength(2);

    const before = upstreamCalls(upstream);
    expect((await chat(a)).status).toBe(200);
    expect((await chat(b)).status).toBe(200);
    expect((await chat(a)).status).toBe(200);
    // The key's rpm of 3 is shared: a fourth call on either replica is refused without reaching upstream.
    expect((await chat(b)).status).toBeGreaterThanOrEqual(429);
    expect(upstreamCalls(upstream)).toBe(before + 3);

    const costsA = a.gateway.router.costController;
    const costsB = b.gateway.router.costController;
    const team = costsA.listBudgets().find((budget) => budget.name === 'virtual key team');
    const spentA = (await costsA.getBudgetStatus(team?.id ?? '')).spent;
    expect(spentA.isPositive()).toBe(true);
    expect((await costsB.getBudgetStatus(team?.id ?? '')).spent.toFixed()).toBe(spentA.toFixed());

    // Exhaust the team's budget through replica A: replica B refuses the team's next request.
    await costsA.updateBudget(team?.id ?? '', { limit: spentA.toFixed() });
    const refused = await chat(b);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('insufficient_quota');

    const keyId = a.gateway.router.listKeys()[0]?.id ?? '';
    await a.gateway.router.disableKey(keyId, 'leak drill');
    await vi.waitFor(() => expect(b.gateway.router.getKey(keyId)?.state).toBe('disabled'));

    // A restarted replica finds the same budgets (no duplicates) with their spend.
    await b.close();
    const c = await startGateway({ config: b.gateway.config, log: () => undefined });
    open.push(c);
    expect(c.gateway.router.costController.listBudgets()).toHaveLength(2);
    expect((await c.gateway.router.costController.getBudgetStatus(team?.id ?? '')).spent.toFixed()).toBe(
      spentA.toFixed(),
    );
    expect(c.gateway.router.getKey(keyId)?.state).toBe('disabled');
  });

  it('share the response cache: a miss on one replica is a hit on the other, replayed as SSE', async () => {
    const [a, b] = await replicas();
    const cache = { 'x-apikeyrouter-cache': 'max-age=60' };
    const before = upstreamCalls(upstream);
    const first = await chat(a, CHAT, cache);
    expect(first.headers.get('x-apikeyrouter-cache')).toBe('miss');
    const answer = ((await first.json()) as { choices: Array<{ message: { content: string } }> }).choices[0];
    const hit = await chat(b, CHAT, cache);
    expect(hit.headers.get('x-apikeyrouter-cache')).toBe('hit');
    const hitBody = (await hit.json()) as { choices: Array<{ message: { content: string } }> };
    expect(hitBody.choices[0]?.message.content).toBe(answer?.message.content);

    const streamed = await chat(b, { ...CHAT, stream: true }, cache);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    expect(streamed.headers.get('x-apikeyrouter-cache')).toBe('hit');
    const text = await streamed.text();
    const content = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string } }> })
      .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
      .join('');
    expect(content).toBe(answer?.message.content);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(upstreamCalls(upstream)).toBe(before + 1);

    // Another question misses; entries sit under the virtual key's namespace with a bounded TTL.
    const other = await chat(b, { ...CHAT, messages: [{ role: 'user', content: 'another' }] }, cache);
    expect(other.headers.get('x-apikeyrouter-cache')).toBe('miss');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys(`gw${process.pid}x${prefixes}:cache:*`);
      expect(keys).toHaveLength(2);
      expect(keys.every((key) => key.startsWith(`gw${process.pid}x${prefixes}:cache:team:`))).toBe(true);
      for (const key of keys) {
        const ttl = await client.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
        expect(await client.get(key)).not.toContain(CANARY);
      }
    } finally {
      client.disconnect();
    }
  });

  it("share a virtual key's rpm: one limit for the replicas together, not one each", async () => {
    const [a, b] = await replicas(2);
    const before = upstreamCalls(upstream);
    expect((await chat(a)).status).toBe(200);
    expect((await chat(b)).status).toBe(200);
    for (const replica of [a, b]) {
      const refused = await chat(replica);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { error: { code: string; type: string; message: string } };
      expect(body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'rate_limit_error' });
      expect(body.error.message).toContain('gateway key');
    }
    // Refused at the door: the provider key's own rpm of 3 was never reached.
    expect(upstreamCalls(upstream)).toBe(before + 2);
  });
});
