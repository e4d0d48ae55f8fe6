import { VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { ask, post, until } from './gemini-fake.test-helpers.js';
import { startGeminiFakeServer } from './start-gemini-fake-server.js';

const GENERATE = '/v1beta/models/gemini-2.0-flash:generateContent';
type ErrorJson = {
  error: {
    status: string;
    details?: Array<{ violations?: Array<{ quotaId: string; quotaValue: string }>; retryDelay?: string }>;
  };
};
const quotaIdOf = (json: unknown) => (json as ErrorJson).error.details?.[0]?.violations?.[0]?.quotaId;

describe('simulated Gemini hidden limits', () => {
  it('refuses past rpm with the per-minute quota and recovers after the window on its clock', async () => {
    const clock = new VirtualClock();
    const fake = await startGeminiFakeServer({ clock, keys: { k: { label: 'a', rpm: 2 } } });
    try {
      expect((await post(fake.url, GENERATE, ask('1'), 'k')).status).toBe(200);
      await clock.advance(10_000);
      expect((await post(fake.url, GENERATE, ask('2'), 'k')).status).toBe(200);
      const refused = await post(fake.url, GENERATE, ask('3'), 'k');
      expect(refused.status).toBe(429);
      expect(quotaIdOf(refused.json)).toBe('GenerateRequestsPerMinutePerProjectPerModel-FreeTier');
      expect((refused.json as ErrorJson).error.details?.at(-1)?.retryDelay).toBe('50s');
      await clock.advance(50_000);
      expect((await post(fake.url, GENERATE, ask('4'), 'k')).status).toBe(200);
      expect(fake.stats()).toEqual({
        a: { requests: 4, successes: 3, rateLimited: 1, errors: 0, inputTokens: 3, outputTokens: 6 },
      });
    } finally {
      await fake.close();
    }
  });

  it('maps rpd, tpm (too large and exceeded), tpd and billing to their quotas', async () => {
    const clock = new VirtualClock();
    const fake = await startGeminiFakeServer({
      clock,
      keys: { rpd: { rpd: 1 }, tpm: { tpm: 10 }, tpd: { tpd: 3 }, billing: { billingExhausted: true } },
    });
    try {
      await post(fake.url, GENERATE, ask('x'), 'rpd');
      expect(quotaIdOf((await post(fake.url, GENERATE, ask('x'), 'rpd')).json)).toBe(
        'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
      );
      const tooLarge = await post(fake.url, GENERATE, ask('y'.repeat(100)), 'tpm');
      expect(quotaIdOf(tooLarge.json)).toBe('GenerateContentInputTokensPerModelPerMinute-FreeTier');
      expect((tooLarge.json as ErrorJson).error.details?.[0]?.violations?.[0]?.quotaValue).toBe('10');
      await post(fake.url, GENERATE, ask('y'.repeat(32)), 'tpm');
      expect(quotaIdOf((await post(fake.url, GENERATE, ask('y'.repeat(12)), 'tpm')).json)).toBe(
        'GenerateContentInputTokensPerModelPerMinute-FreeTier',
      );
      await post(fake.url, GENERATE, ask('y'.repeat(8)), 'tpd');
      expect(quotaIdOf((await post(fake.url, GENERATE, ask('y'.repeat(8)), 'tpd')).json)).toBe(
        'GenerateContentInputTokensPerModelPerDay-FreeTier',
      );
      const billing = await post(fake.url, GENERATE, ask('x'), 'billing');
      expect(billing.status).toBe(429);
      expect((billing.json as ErrorJson).error.details?.[0]?.violations?.[0]).toMatchObject({
        quotaValue: '0',
      });
    } finally {
      await fake.close();
    }
  });

  it('holds concurrency for the latency, delays answers on its clock, and refuses extra requests', async () => {
    const clock = new VirtualClock();
    const fake = await startGeminiFakeServer({ clock, keys: { k: { concurrency: 1, latencyMs: 2000 } } });
    try {
      let settled = false;
      const first = post(fake.url, GENERATE, ask('one'), 'k').then((reply) => {
        settled = true;
        return reply;
      });
      await until(() => fake.stats()['key-0']?.requests === 1);
      const second = post(fake.url, GENERATE, ask('two'), 'k');
      await until(() => fake.stats()['key-0']?.requests === 2);
      expect(settled).toBe(false);
      await clock.advance(2000);
      expect((await first).status).toBe(200);
      const refused = await second;
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      });
    } finally {
      await fake.close();
    }
  });

  it('answers 404 for models outside its list and for methods it does not have', async () => {
    const fake = await startGeminiFakeServer({ keys: { k: {} }, models: ['gemini-2.0-flash'] });
    try {
      const other = await post(fake.url, '/v1beta/models/gemini-1.0-pro:generateContent', ask('x'), 'k');
      expect(other.status).toBe(404);
      expect((other.json as ErrorJson).error.status).toBe('NOT_FOUND');
      expect(
        (await post(fake.url, '/v1beta/models/gemini-2.0-flash:countTokens', ask('x'), 'k')).status,
      ).toBe(404);
      expect(
        (await post(fake.url, '/v1beta/models/gemini-2.0-flash:batchEmbedContents', { requests: [] }, 'k'))
          .status,
      ).toBe(404);
      expect(fake.stats()['key-0']).toMatchObject({ requests: 3, errors: 3 });
    } finally {
      await fake.close();
    }
  });

  it('counts unknown keys under "unknown" and never shows key material', async () => {
    const fake = await startGeminiFakeServer({ keys: { 'AIza-secret-material': { label: 'known' } } });
    try {
      await post(fake.url, GENERATE, ask('x'), 'AIza-secret-material');
      await post(fake.url, GENERATE, ask('x'), 'AIza-other-material');
      expect(fake.stats()).toMatchObject({
        known: { requests: 1, successes: 1 },
        unknown: { requests: 1, errors: 1 },
      });
      expect(JSON.stringify([fake.stats(), fake.requests()])).not.toContain('material');
    } finally {
      await fake.close();
    }
  });
});
