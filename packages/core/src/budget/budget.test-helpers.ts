import { Decimal } from 'decimal.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { MemorySpendStore } from '../store/memory-spend-store.js';
import type { BudgetThresholdEvent, SpendContext } from './budget-types.js';
import { CostController } from './cost-controller.js';

/** A controller on a virtual clock (2026-01-01T00:00Z unless `start` is given) that records threshold events. */
export function setup(start?: number) {
  const clock = new VirtualClock(start === undefined ? {} : { start });
  const events: BudgetThresholdEvent[] = [];
  const ledger = new MemorySpendStore();
  const costs = new CostController({ clock, store: ledger, onThreshold: (event) => events.push(event) });
  return { clock, costs, events, ledger };
}

/** A typical request context. */
export const CONTEXT: SpendContext = Object.freeze({
  providerId: 'openai',
  keyId: 'openai_key1',
  model: 'gpt-4o-mini',
  tags: { team: 'search' },
});

/** Shorthand for a Decimal. */
export const d = (value: string | number) => new Decimal(value);

/** Reserves `max` and commits `actual` (default: max); throws when the reservation is refused. */
export async function spend(
  costs: CostController,
  amount: string,
  context: SpendContext = CONTEXT,
): Promise<void> {
  const held = await costs.reserve(context, d(amount));
  if (!held.ok) throw new Error(`refused: ${JSON.stringify(held.decision)}`);
  await costs.commit(held.reservation, d(amount));
}

/** Reserves `amount` (undefined = unknown price) and returns the reservation; throws when refused. */
export async function reserveOrThrow(
  costs: CostController,
  amount: string | undefined,
  context: SpendContext = CONTEXT,
) {
  const held = await costs.reserve(context, amount === undefined ? undefined : d(amount));
  if (!held.ok) throw new Error(`refused: ${held.decision.reason}`);
  return held.reservation;
}
