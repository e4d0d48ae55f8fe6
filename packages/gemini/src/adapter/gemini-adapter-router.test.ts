import { ApiKeyRouter } from '@apikeyrouter/core';
import { startGeminiFakeServer } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { GeminiAdapter } from './gemini-adapter.js';

describe('GeminiAdapter behind ApiKeyRouter', () => {
  it('routes the documented snippet and fails over when a key hits its hidden per-minute quota', async () => {
    const fake = await startGeminiFakeServer({
      keys: { 'AIza-A-000001': { label: 'a', rpm: 1 }, 'AIza-B-000001': { label: 'b' } },
    });
    try {
      const router = new ApiKeyRouter();
      await router.registerProvider('gemini', new GeminiAdapter({ baseURL: fake.url }));
      await router.registerKey('AIza-A-000001', 'gemini', {});
      await router.registerKey('AIza-B-000001', 'gemini', {});
      const answers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await router.route(
          { model: 'gemini-2.0-flash', messages: [{ role: 'user', content: `hi ${i}` }] },
          'cost',
        );
        answers.push(res.message.content);
        expect(res.providerId).toBe('gemini');
      }
      expect(answers).toEqual(['echo: hi 0', 'echo: hi 1', 'echo: hi 2']);
      const stats = fake.stats();
      expect((stats.a?.successes ?? 0) + (stats.b?.successes ?? 0)).toBe(3);
      expect(stats.a?.successes ?? 0).toBeLessThanOrEqual(1);
    } finally {
      await fake.close();
    }
  });
});
