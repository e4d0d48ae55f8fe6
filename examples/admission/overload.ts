/**
 * Admission control in one file: one key allowing 2 requests per minute, then a burst. Interactive requests
 * are served before batch ones, tenants take turns, and a request that cannot get a key before its wait limit
 * is refused at once with `retryAfterMs` instead of waiting and timing out.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/admission/overload.ts
 *
 * Everything runs on a VirtualClock against a simulated provider, so the simulated minutes take milliseconds.
 */
import { AdmissionRefusedError, ApiKeyRouter, type RequestIntent, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

const clock = new VirtualClock({ autoAdvance: true });
const provider = new FakeAdapter({ id: 'openai', clock, keys: { 'sk-example-admission-01': { rpm: 2 } } });
const router = new ApiKeyRouter({
  clock,
  defaults: { deadlineMs: 300_000 },
  admission: { maxWaitMs: { interactive: 180_000, batch: 150_000 }, fairnessTag: 'tenant' },
});
await router.registerProvider('openai', provider);
await router.registerKey('sk-example-admission-01', 'openai', { limits: { rpm: 2 } });

const ask = (name: string, extra: Partial<RequestIntent>) => {
  const sentAt = clock.now();
  return router
    .route({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: name }], ...extra }, 'cost')
    .then(
      () => console.log(`${name.padEnd(14)} served after ${(clock.now() - sentAt) / 1000} s`),
      (error: unknown) => {
        if (!AdmissionRefusedError.isAdmission(error)) throw error;
        console.log(
          `${name.padEnd(14)} refused (${error.reason}), retry in ${Math.round((error.retryAfterMs ?? 0) / 1000)} s`,
        );
      },
    );
};

// The first two take the key's minute; the rest queue or are refused.
await Promise.all([
  ask('warm-up 1', {}),
  ask('warm-up 2', {}),
  ask('batch acme 1', { priority: 'batch', tags: { tenant: 'acme' } }),
  ask('batch acme 2', { priority: 'batch', tags: { tenant: 'acme' } }),
  ask('chat acme 1', { tags: { tenant: 'acme' } }),
  ask('chat acme 2', { tags: { tenant: 'acme' } }),
  ask('chat globex 1', { tags: { tenant: 'globex' } }),
]);
