import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type GatewayFixture, startFixture, TEAM_KEY } from './gateway-fixture.test-helpers.js';

async function holds(fx: GatewayFixture): Promise<{ inFlight: number; reserved: string }> {
  const router = fx.running.gateway.router;
  const inFlight = router.listKeys().reduce((sum, key) => sum + router.quota.inFlight(key.id), 0);
  const budget = router.costController.listBudgets()[0];
  const status = budget ? await router.costController.getBudgetStatus(budget.id) : undefined;
  return { inFlight, reserved: status?.reserved.toFixed() ?? 'none' };
}

describe('streaming through the gateway', () => {
  let fx: GatewayFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  it('a client that disconnects after two chunks aborts the upstream call and frees every hold', async () => {
    fx = await startFixture({
      chunkDelayMs: 5,
      patch: (config) => ({ ...config, budgets: [{ scope: 'global', limit: '100', period: 'day' }] }),
    });
    const controller = new AbortController();
    const res = await fetch(`${fx.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEAM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'word '.repeat(400) }],
      }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let seen = '';
    while ((seen.match(/\n\n/g) ?? []).length < 3) {
      const { value } = await reader.read();
      seen += new TextDecoder().decode(value);
    }
    expect(fx.openai.activeStreams()).toBe(1);
    expect((await holds(fx)).inFlight).toBe(1);
    expect((await holds(fx)).reserved).not.toBe('0');
    controller.abort();
    await vi.waitFor(async () => {
      expect(fx?.openai.activeStreams()).toBe(0);
      expect(await holds(fx as GatewayFixture)).toEqual({ inFlight: 0, reserved: '0' });
    });
    await vi.waitFor(() => expect(fx?.accessLog.at(-1)?.status).toBe(499));
  });

  it('fails over before the first token and ends with a typed error event after it', async () => {
    fx = await startFixture({
      faults: [
        { kind: 'server_error', times: 1, stream: true },
        { kind: 'error_after_200', times: 1, stream: true, after: 1 },
      ],
    });
    const client = new OpenAI({ apiKey: TEAM_KEY, baseURL: `${fx.url}/v1`, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'stream me please' }];
    let text = '';
    for await (const chunk of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('echo: stream me please');
    const failed = await (async () => {
      for await (const _ of await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
      })) {
        // read until the error event
      }
    })().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect(String((failed as Error).message)).not.toMatch(/\n\s+at /);
  });
});
