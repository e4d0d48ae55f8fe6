import { type Clock, Decimal, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter, type FakeKeySpec } from '@apikeyrouter/testkit';

/** One simulated key: hidden limits (which the router may be told) and its price per 1M tokens. */
export interface SimKey {
  material: string;
  label: string;
  spec: FakeKeySpec & { rpm: number; tpm: number };
  pricePerMillion: string;
}

/** Four keys of different sizes and prices, as a team typically holds. Total capacity: 300 requests/min. */
export const SIM_KEYS: readonly SimKey[] = [
  {
    material: 'sk-sim-large-0001',
    label: 'large',
    spec: { rpm: 120, tpm: 40_000, latencyMs: 400 },
    pricePerMillion: '0.60',
  },
  {
    material: 'sk-sim-medium-001',
    label: 'medium',
    spec: { rpm: 90, tpm: 30_000, latencyMs: 500 },
    pricePerMillion: '0.40',
  },
  {
    material: 'sk-sim-small-0001',
    label: 'small',
    spec: { rpm: 60, tpm: 20_000, latencyMs: 300 },
    pricePerMillion: '0.30',
  },
  {
    material: 'sk-sim-tiny-00001',
    label: 'tiny',
    spec: { rpm: 30, tpm: 10_000, latencyMs: 600 },
    pricePerMillion: '0.15',
  },
];

/** Requests per minute all keys can take together. */
export const TOTAL_RPM = SIM_KEYS.reduce((sum, key) => sum + key.spec.rpm, 0);

/** The request every simulated client sends. */
export const SIM_INTENT = {
  model: 'sim-model',
  messages: [
    {
      role: 'user' as const,
      content: 'Classify this support ticket: my invoice shows the wrong VAT number.',
    },
  ],
  parameters: { maxTokens: 40 },
};

/** A fresh simulated provider on a fresh virtual clock. */
export function createWorld(): { clock: VirtualClock; fake: FakeAdapter } {
  const clock = new VirtualClock({ autoAdvance: true });
  const fake = new FakeAdapter({
    id: 'sim',
    clock,
    keys: Object.fromEntries(SIM_KEYS.map((key) => [key.material, { ...key.spec, label: key.label }])),
  });
  return { clock, fake };
}

/** Deterministic pseudo-random numbers (LCG), so every strategy sees the same arrivals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Cost of a call at a key's price. */
export function priceOf(key: SimKey, tokens: number): Decimal {
  return new Decimal(key.pricePerMillion).mul(tokens).div(1_000_000);
}

/**
 * Fires `handle()` at Poisson arrivals of `perMinute` for `durationMs` of virtual time and waits for all.
 */
export async function poissonArrivals(
  clock: Clock,
  perMinute: number,
  durationMs: number,
  seed: number,
  handle: () => Promise<void>,
): Promise<void> {
  const random = seededRandom(seed);
  const start = clock.now();
  const pending: Array<Promise<void>> = [];
  const meanGap = 60_000 / perMinute;
  while (clock.now() - start < durationMs) {
    pending.push(handle());
    await clock.sleep(-Math.log(1 - random()) * meanGap);
  }
  await Promise.all(pending);
}
