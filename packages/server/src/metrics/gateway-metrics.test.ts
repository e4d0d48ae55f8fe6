import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './gateway-metrics.js';

const router = new ApiKeyRouter({ clock: new VirtualClock() });
const noRouter = (): ApiKeyRouter => router;

function sample(model: string, status = 200) {
  return { route: 'chat', status, provider: 'openai', model, virtualKey: 'team', seconds: 0.002 };
}

describe('GatewayMetrics', () => {
  it('counts every request per label set, also past the bound of its cached series', async () => {
    const metrics = new GatewayMetrics(noRouter);
    metrics.record(sample('m-0'));
    for (let i = 0; i < 1100; i++) metrics.record(sample(`m-${i}`));
    metrics.record(sample('m-0'));
    metrics.record(sample('m-0', 429));
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'apikeyrouter_requests_total{route="chat",status="200",provider="openai",model="m-0"} 3',
    );
    expect(text).toContain(
      'apikeyrouter_requests_total{route="chat",status="429",provider="openai",model="m-0"} 1',
    );
    expect(text).toContain('apikeyrouter_request_duration_seconds_count{route="chat"} 1103');
  });

  it('keeps counting after the registry is reset', async () => {
    const metrics = new GatewayMetrics(noRouter);
    metrics.record(sample('m'));
    metrics.registry.resetMetrics();
    metrics.record(sample('m'));
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'apikeyrouter_requests_total{route="chat",status="200",provider="openai",model="m"} 1',
    );
  });
});
