import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { chatIntent, telemetryFixture } from './telemetry.test-helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function histogramSum(points: DataPoint<number | Histogram>[] | undefined, match: Record<string, unknown>) {
  const point = points?.find((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v));
  return (point?.value as Histogram | undefined)?.sum;
}

function gauge(points: DataPoint<number | Histogram>[] | undefined, match: Record<string, unknown>) {
  return points?.find((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))?.value;
}

describe('router metrics', () => {
  it('records GenAI token usage and duration, spend, 429s, state changes and gauges', async () => {
    const f = await telemetryFixture({
      'sk-a-0000001': { label: 'a', latencyMs: 500 },
      'sk-b-0000001': { label: 'b', latencyMs: 500 },
    });
    cleanup = f.shutdown;
    const { router, adapter, keys, collect } = f;
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '2000' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '3000', outputPerMillion: '3000' },
      { keyId: keys.b?.id as string },
    );
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '100',
      period: 'day',
      enforcementMode: 'hard',
      name: 'all traffic',
    });
    adapter.addFault({ kind: 'rate_limit', key: 'sk-a-0000001', delayMs: 60_000 });
    const res = await router.route(chatIntent(), 'cost');
    expect(res.attempts).toBe(2);
    await router.disableKey(keys.b?.id as string);

    const metrics = await collect();
    const tokens = metrics.get('gen_ai.client.token.usage');
    expect(histogramSum(tokens, { 'gen_ai.token.type': 'input', 'gen_ai.operation.name': 'chat' })).toBe(
      res.usage.inputTokens,
    );
    expect(histogramSum(tokens, { 'gen_ai.token.type': 'output' })).toBe(res.usage.outputTokens);
    expect(
      histogramSum(metrics.get('gen_ai.client.operation.duration'), { 'gen_ai.provider.name': 'openai' }),
    ).toBe(res.latencyMs / 1000);
    expect(gauge(metrics.get('apikeyrouter.spend'), { 'apikeyrouter.key_id': keys.b?.id })).toBeCloseTo(
      res.cost.amount.toNumber(),
      12,
    );
    expect(
      gauge(metrics.get('apikeyrouter.upstream.rate_limits'), { 'apikeyrouter.key_id': keys.a?.id }),
    ).toBe(1);
    const changes = metrics.get('apikeyrouter.key.state_changes');
    expect(gauge(changes, { 'apikeyrouter.key_id': keys.a?.id, 'apikeyrouter.key.state': 'throttled' })).toBe(
      1,
    );
    expect(
      gauge(changes, { 'apikeyrouter.key_id': keys.b?.id, 'apikeyrouter.key.trigger': 'operator' }),
    ).toBe(1);
    const keyGauge = metrics.get('apikeyrouter.keys');
    expect(gauge(keyGauge, { 'apikeyrouter.key.state': 'throttled' })).toBe(1);
    expect(gauge(keyGauge, { 'apikeyrouter.key.state': 'disabled' })).toBe(1);
    expect(gauge(metrics.get('apikeyrouter.reservations.held'), { 'gen_ai.provider.name': 'openai' })).toBe(
      0,
    );
    expect(
      gauge(metrics.get('apikeyrouter.budget.spent'), { 'apikeyrouter.budget.id': budget.id }),
    ).toBeCloseTo(res.cost.amount.toNumber(), 12);
    expect(
      gauge(metrics.get('apikeyrouter.budget.limit'), { 'apikeyrouter.budget.name': 'all traffic' }),
    ).toBe(100);
  });

  it('records time to first chunk for streams and error.type on failed durations', async () => {
    const f = await telemetryFixture({ 'sk-a-0000001': { label: 'a', latencyMs: 300 } });
    cleanup = f.shutdown;
    const { router, keys, collect } = f;
    for await (const _chunk of router.routeStream(chatIntent('stream me something'))) {
      // drain
    }
    await router.disableKey(keys.a?.id as string);
    await expect(router.route(chatIntent())).rejects.toMatchObject({ category: 'no_eligible_keys' });
    const metrics = await collect();
    const firstChunk = metrics.get('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk).toHaveLength(1);
    const first = firstChunk?.[0]?.value as Histogram | undefined;
    expect(first?.count).toBe(1);
    expect(first?.sum).toBeGreaterThanOrEqual(0.3);
    const durations = metrics.get('gen_ai.client.operation.duration');
    expect(durations?.map((p) => p.attributes['error.type'])).toContain('no_eligible_keys');
  });
});
