import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDashboard } from './create-dashboard.js';
import { dashboardRouter } from './dashboard.test-helpers.js';

describe('dashboard input', () => {
  it('answers any path and method with a documented status, never a 500 or a throw', async () => {
    const { router } = await dashboardRouter();
    const dash = createDashboard({ router });
    await fc.assert(
      fc.asyncProperty(
        fc.webPath(),
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.boolean(),
        async (path, method, prefixed) => {
          const url = `http://127.0.0.1${prefixed ? `/dashboard${path}` : path || '/'}`;
          const response = await dash.handle(new Request(url, { method }));
          expect([200, 308, 404, 405]).toContain(response.status);
          await response.body?.cancel();
        },
      ),
      { numRuns: 60 },
    );
    dash.close();
  }, 60_000);
});
