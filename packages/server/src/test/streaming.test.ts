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
});
