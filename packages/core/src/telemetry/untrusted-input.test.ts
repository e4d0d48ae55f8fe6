import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type RequestIntent, RouterError } from '../index.js';
import { telemetryFixture } from './telemetry.test-helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('telemetry with untrusted input', () => {
  it('ends exactly one request span per call, whatever the intent, and throws only RouterErrors', async () => {
    const f = await telemetryFixture({ 'sk-a-0000001': { label: 'a' } });
    cleanup = f.shutdown;
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (intent) => {
        calls++;
        await f.router.route(intent as RequestIntent).catch((error: unknown) => {
          expect(RouterError.isInstance(error)).toBe(true);
        });
        const requests = f.finishedSpans().filter((s) => s.parentSpanContext === undefined);
        expect(requests).toHaveLength(calls);
        expect(requests.at(-1)?.name).toMatch(/^chat /);
      }),
      { numRuns: 100 },
    );
  });
});
