import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RouterError } from '../errors/router-error.js';
import { MemorySpendStore } from '../store/memory-spend-store.js';
import type { BudgetRecord, SpendReserveRequest, SpendReserveResult } from '../store/spend-store.js';
import { CONTEXT, d } from './budget.test-helpers.js';
import { CostController } from './cost-controller.js';

/**
 * A spend store whose replica lags like a shared one: budgets put by "another router" stay out of
 * `listBudgets()` until a reservation tells the store it is behind (`stale`), which catches it up.
 */
class LaggingStore extends MemorySpendStore {
  readonly unheard = new Set<string>();
  staleAnswers = 0;
  alwaysStale = false;

  override listBudgets(): BudgetRecord[] {
    return super.listBudgets().filter((budget) => !this.unheard.has(budget.id));
  }

  override async reserve(request: SpendReserveRequest): Promise<SpendReserveResult> {
    if (this.alwaysStale || this.unheard.size > 0) {
      this.staleAnswers++;
      this.unheard.clear();
      return { ok: false, stale: true };
    }
    return super.reserve(request);
  }
}

function setup() {
  const store = new LaggingStore();
  const costs = new CostController({ clock: new VirtualClock(), store });
  return { store, costs };
}

describe('a reservation decided on an out-of-date view of the budgets', () => {
  it('is decided again once the store has caught up, and the budget it missed applies', async () => {
    const { store, costs } = setup();
    await store.putBudget({
      id: 'elsewhere',
      scope: 'global',
      limit: '0.01',
      period: 'total',
      enforcementMode: 'hard',
      createdAt: 0,
    });
    store.unheard.add('elsewhere');
    expect(costs.listBudgets()).toEqual([]);

    const refused = await costs.reserve(CONTEXT, d('0.02'));
    expect(store.staleAnswers).toBe(1);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? undefined : refused.decision).toMatchObject({ reason: 'exceeds' });

    const held = await costs.reserve(CONTEXT, d('0.005'));
    expect(held.ok).toBe(true);
    expect(store.staleAnswers).toBe(1);
  });

  it('gives up after three stale answers with a retryable store_unavailable, holding nothing', async () => {
    const { store, costs } = setup();
    store.alwaysStale = true;
    const error = await costs.reserve(CONTEXT, d('0.02')).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(RouterError.isInstance(error)).toBe(true);
    expect([(error as RouterError).category, (error as RouterError).code]).toEqual([
      'store_unavailable',
      'budgets_changing',
    ]);
    expect((error as RouterError).retryable).toBe(true);
    expect(store.staleAnswers).toBe(3);
    expect(store.openReservations).toBe(0);
  });
});
