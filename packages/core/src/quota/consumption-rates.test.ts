import { describe, expect, it } from 'vitest';
import { ConsumptionRates, MINUTE_RATE_HALF_LIFE_MS } from './consumption-rates.js';
import { RPD, RPM, TPM } from './dimension-table.js';

const T0 = Date.UTC(2026, 0, 1);

describe('ConsumptionRates', () => {
  it('reports nothing from a single event, then the true rate of a steady stream from its second event on', () => {
    const rates = new ConsumptionRates(T0);
    expect(rates.perMs(RPM, T0)).toBe(0);
    for (let i = 1; i <= 10; i++) rates.add(T0 + i * 2_000, 1, 100, 300);
    // 1 request / 2 s = 0.0005 per ms; 400 tokens / 2 s = 0.2 per ms, within 5 % right after an event.
    expect(rates.perMs(RPM, T0 + 20_000)).toBeCloseTo(0.0005, 4);
    expect(Math.abs(rates.perMs(TPM, T0 + 20_000) / 0.2 - 1)).toBeLessThan(0.05);
    expect(Math.abs(rates.perMs(RPD, T0 + 20_000) / 0.0005 - 1)).toBeLessThan(0.05);
  });

  it('halves per half-life once traffic stops', () => {
    const rates = new ConsumptionRates(T0);
    for (let i = 1; i <= 600; i++) rates.add(T0 + i * 1_000, 1, 0, 0);
    const end = T0 + 600_000;
    const before = rates.perMs(RPM, end);
    expect(rates.perMs(RPM, end + MINUTE_RATE_HALF_LIFE_MS) / before).toBeCloseTo(0.5, 2);
  });
});
