import { inspect } from 'node:util';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { type AdapterCall, ApiKeyRouter, type ProviderAdapter, RouterError, VirtualClock } from '../index.js';
import { intent } from './router-fixture.test-helpers.js';

const CANARY = 'sk-canary-7f3a9c2e5b1d4f60a8e2';

/** An adapter that behaves like a careless provider: it echoes the key in errors and their details. */
function leakyAdapter(clock: VirtualClock): ProviderAdapter {
  const inner = new FakeAdapter({ id: 'leaky', clock, keys: { [CANARY]: {} } });
  let calls = 0;
  return {
    specificationVersion: 'v1',
    id: 'leaky',
    capabilities: inner.capabilities,
    parseRateLimits: (headers, now) => inner.parseRateLimits(headers, now),
    classifyError: (error, ctx) => inner.classifyError(error, ctx),
    stream: (call) => inner.stream(call),
    async execute(call: AdapterCall) {
      calls++;
      if (calls === 1) {
        throw new RouterError('authentication', `Incorrect API key provided: ${call.apiKey}`, {
          status: 401,
          details: { header: `Bearer ${call.apiKey}`, nested: [{ key: call.apiKey }] },
        });
      }
      if (calls === 2) throw new Error(`socket closed while sending ${call.apiKey}`);
      // The body echoes the key too: `raw` must reach the caller scrubbed, however it is read.
      const response = await inner.execute(call);
      return { ...response, raw: { echo: call.apiKey, [call.apiKey]: [{ auth: `Bearer ${call.apiKey}` }] } };
    },
  };
}

describe('key material never leaks', () => {
  it('appears in no log line, event, error, explanation, snapshot or returned object', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const seen: string[] = [];
    const record = (value: unknown) =>
      seen.push(
        typeof value === 'string' ? value : `${JSON.stringify(value)} ${inspect(value, { depth: 10 })}`,
      );
    const logger = {
      debug: record,
      info: (m: string, d?: unknown) => record([m, d]),
      warn: (m: string, d?: unknown) => record([m, d]),
      error: (m: string, d?: unknown) => record([m, d]),
    };
    const router = new ApiKeyRouter({ clock, logger });
    for (const name of [
      'decision',
      'attempt',
      'keyStateChanged',
      'quotaWarning',
      'budgetThreshold',
      'fallback',
      'requestCompleted',
    ] as const) {
      router.on(name, (event: unknown) => record(event));
    }
    await router.registerProvider('leaky', leakyAdapter(clock));
    const key = await router.registerKey(CANARY, 'leaky', { label: 'canary' });
    record(key);

    const authError = await router.route(intent(), 'cost').catch((e: unknown) => e);
    record(authError);
    record((authError as RouterError).toJSON());
    record(String(authError));
    record((authError as RouterError).stack);
    expect((authError as RouterError).category).toBe('authentication');

    await router.enableKey(key.id);
    const networkError = await router.route(intent(), 'cost', { maxAttempts: 1 }).catch((e: unknown) => e);
    record(networkError);
    record((networkError as RouterError).message);

    await router.enableKey(key.id);
    const res = await router.route(intent(), 'cost');
    record(res);
    record(res.raw);
    record({ ...res });
    record(structuredClone({ raw: res.raw }));
    expect(JSON.stringify(res.raw)).toContain('[redacted]');
    record(String(res.explanation));
    for await (const chunk of router.routeStream(intent(), 'cost')) record(chunk);
    record(await router.explain(intent(), 'cost'));
    record(router.listKeys());
    record(router.getKeyHistory(key.id));
    record(router.snapshot());
    record(await router.quota.getQuotaState(key.id));
    record(router.costController.listBudgets());

    expect(seen.length).toBeGreaterThan(20);
    const leaks = seen.filter((text) => text.includes(CANARY) || text.includes(CANARY.slice(3)));
    expect(leaks).toEqual([]);
  });
});
