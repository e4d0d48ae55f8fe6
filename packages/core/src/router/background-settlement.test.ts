import { describe, expect, it } from 'vitest';
import { Decimal, MemorySpendStore, RouterError, type SettlementFailedEvent } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

type CommitRequest = Parameters<MemorySpendStore['commit']>[0];

/** A memory spend store whose commits wait for `open()`, or fail while `failing` is set. */
class GatedSpendStore extends MemorySpendStore {
  #gate: Promise<void> | undefined;
  #open: () => void = () => undefined;
  failing = false;

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  open(): void {
    this.#open();
    this.#gate = undefined;
  }

  override async commit(request: CommitRequest): Promise<Record<string, string> | undefined> {
    await this.#gate;
    if (this.failing) throw new RouterError('store_unavailable', 'spend store down', { retryable: true });
    return super.commit(request);
  }
}

async function setup(settlement: 'inline' | 'background') {
  const spend = new GatedSpendStore();
  const fixture = await createFixture(
    { openai: { keys: { 'sk-a-0000001': {}, 'sk-b-0000001': {} } } },
    { stores: { spend, settlement } },
  );
  fixture.router.costController.setModelPrice('gpt-test', {
    inputPerMillion: '1000',
    outputPerMillion: '3000',
  });
  const budget = await fixture.router.costController.createBudget({
    scope: 'global',
    limit: '100',
    period: 'day',
    enforcementMode: 'hard',
  });
  return { ...fixture, spend, budget };
}

describe('background settlement', () => {
  it('answers before the spend is committed; settled() waits for it and the totals are then exact', async () => {
    const { router, spend, budget } = await setup('background');
    spend.hold();
    const responses = await Promise.all(Array.from({ length: 20 }, () => router.route(intent(), 'cost')));
    const before = await router.costController.getBudgetStatus(budget.id);
    // Nothing committed yet: every answer's worst case is still held, so other requests see more in use.
    expect(before.spent.isZero()).toBe(true);
    expect(before.reserved.greaterThan(0)).toBe(true);
    spend.open();
    await router.settled();
    const after = await router.costController.getBudgetStatus(budget.id);
    const sum = responses.reduce((total, res) => total.plus(res.cost.amount), new Decimal(0));
    expect(after.spent.equals(sum)).toBe(true);
    expect(after.reserved.isZero()).toBe(true);
  });

  it('inline settlement (the default) answers only after the commit', async () => {
    const { router, spend, clock } = await setup('inline');
    spend.hold();
    let answered = false;
    const pending = router.route(intent(), 'cost').then(() => {
      answered = true;
    });
    await clock.advance(1_000);
    expect(answered).toBe(false);
    spend.open();
    await pending;
    expect(answered).toBe(true);
  });

  it('a failed background commit surfaces as settlementFailed, the request itself having succeeded', async () => {
    const { router, spend } = await setup('background');
    const events: SettlementFailedEvent[] = [];
    router.on('settlementFailed', (event) => events.push(event));
    spend.failing = true;
    const res = await router.route(intent(), 'cost');
    await router.settled();
    expect(events).toEqual([
      { keyId: res.keyId, category: 'store_unavailable', message: 'spend store down' },
    ]);
  });
});
