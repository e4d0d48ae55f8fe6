import { describe, expect, it } from 'vitest';
import { createFixture } from '../router/router-fixture.test-helpers.js';
import { expectRefused, type Outcome, send, servedOrder } from './admission.test-helpers.js';

// One request per minute: waiters are served one per window, so the order they are served in is visible.
const oneRpm = { 'sk-prio-0000001': { rpm: 1, options: { limits: { rpm: 1 } } } };
const long = { deadlineMs: 600_000 };

describe('admission control: priorities and fairness', () => {
  it('serves waiting interactive requests before batch ones that came earlier', async () => {
    const { router, clock } = await createFixture({ openai: { keys: oneRpm } });
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    const pending = [
      send(router, clock, log, 'batch-1', { ...long, priority: 'batch' }),
      send(router, clock, log, 'batch-2', { ...long, priority: 'batch' }),
      send(router, clock, log, 'interactive-1', long),
      send(router, clock, log, 'interactive-2', { ...long, priority: 'interactive' }),
    ];
    await Promise.all(pending);
    expect(servedOrder(log)).toEqual(['first', 'interactive-1', 'interactive-2', 'batch-1', 'batch-2']);
  });

  it('lets fairness groups take turns: a burst from one tenant does not starve another', async () => {
    const { router, clock } = await createFixture(
      { openai: { keys: oneRpm } },
      { admission: { fairnessTag: 'tenant' } },
    );
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    const pending = [
      ...['a1', 'a2', 'a3', 'a4'].map((name) =>
        send(router, clock, log, name, { ...long, tags: { tenant: 'a', feature: name } }),
      ),
      send(router, clock, log, 'b1', { ...long, tags: { tenant: 'b' } }),
      send(router, clock, log, 'c1', { ...long, tags: { tenant: 'c' } }),
    ];
    await Promise.all(pending);
    const order = servedOrder(log);
    expect(order.slice(0, 4)).toEqual(['first', 'a1', 'b1', 'c1']);
    expect(order.slice(4)).toEqual(['a2', 'a3', 'a4']);
  });

  it('groups by the whole tag set when no fairness tag is configured', async () => {
    const { router, clock } = await createFixture({ openai: { keys: oneRpm } });
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    await Promise.all([
      send(router, clock, log, 'x1', { ...long, tags: { team: 'x' } }),
      send(router, clock, log, 'x2', { ...long, tags: { team: 'x' } }),
      send(router, clock, log, 'y1', { ...long, tags: { team: 'y' } }),
    ]);
    expect(servedOrder(log)).toEqual(['first', 'x1', 'y1', 'x2']);
  });

  it('in a full queue, an interactive request displaces the newest waiting batch request', async () => {
    const { router, clock } = await createFixture(
      { openai: { keys: oneRpm } },
      { defaults: { maxQueued: 2, deadlineMs: 600_000 } },
    );
    const log: Outcome[] = [];
    await send(router, clock, log, 'first');
    const batch1 = send(router, clock, log, 'batch-1', { priority: 'batch' });
    const batch2 = send(router, clock, log, 'batch-2', { priority: 'batch' });
    const interactive = send(router, clock, log, 'interactive');
    const batch3 = send(router, clock, log, 'batch-3', { priority: 'batch' });
    const displaced = await batch2;
    expectRefused(displaced, 'displaced');
    expect(displaced.endedAt).toBe(displaced.sentAt);
    expectRefused(await batch3, 'queue_full');
    await Promise.all([batch1, interactive]);
    expect(servedOrder(log)).toEqual(['first', 'interactive', 'batch-1']);
  });

  it('refuses a batch waiter once interactive arrivals push it past its wait limit', async () => {
    const { router, clock } = await createFixture(
      { openai: { keys: oneRpm } },
      { admission: { maxWaitMs: { batch: 10_000 } }, autoAdvance: false },
    );
    const log: Outcome[] = [];
    const first = send(router, clock, log, 'first');
    await clock.advance(0);
    expect((await first).response).toBeDefined();
    await clock.advance(55_000);
    const batch = send(router, clock, log, 'batch', { priority: 'batch' });
    await clock.advance(1_000);
    const interactive = send(router, clock, log, 'interactive');
    await clock.runAll();
    const refused = await batch;
    const error = expectRefused(refused, 'wait_limit');
    expect(refused.endedAt).toBeGreaterThan(refused.sentAt);
    expect(refused.endedAt - refused.sentAt).toBeLessThanOrEqual(10_000);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect((await interactive).response).toBeDefined();
  });
});
