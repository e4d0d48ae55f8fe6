import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors/router-error.js';
import { ProviderHealth } from './provider-health.js';
import { resolveProviderHealthOptions } from './provider-health-options.js';
import type { ProviderHealthTransition } from './provider-health-types.js';

const overloaded = new RouterError('provider', 'Overloaded', { status: 529 });
const rateLimited = new RouterError('rate_limit', 'Slow down', { status: 429 });

function opened(now: number) {
  const transitions: ProviderHealthTransition[] = [];
  const health = new ProviderHealth(
    resolveProviderHealthOptions({ cooldownMs: 1_000, probeTimeoutMs: 5_000 }),
    (t) => transitions.push(t),
  );
  for (const key of ['k1', 'k2', 'k3']) health.recordFailure('p', key, 'r0', overloaded, now);
  return { health, transitions };
}

describe('ProviderHealth probe', () => {
  it('hands the probe to one request at a time, and frees it when that request gives up or hits a key problem', () => {
    const { health } = opened(0);
    expect(health.state('p', 999)).toBe('open');
    expect(health.claim('p', 'r1', 999)).toBe(false);
    expect(health.claim('p', 'r1', 1_000)).toBe(true);
    expect(health.state('p', 1_000)).toBe('half_open');
    expect(health.claim('p', 'r2', 1_000)).toBe(false);
    expect(health.block('p', 1_000)?.detail).toContain('probe in flight');
    health.release('p', 'r1');
    expect(health.block('p', 1_000)).toBeUndefined();
    expect(health.claim('p', 'r2', 1_000)).toBe(true);
    // A 429 on the probe says nothing about an outage: the probe is free again, the circuit stays half-open.
    expect(health.recordFailure('p', 'k1', 'r2', rateLimited, 1_010)).toBe(false);
    expect(health.state('p', 1_010)).toBe('half_open');
    expect(health.claim('p', 'r3', 1_020)).toBe(true);
  });

  it('lets another probe go when one never settles', () => {
    const { health } = opened(0);
    expect(health.claim('p', 'r1', 1_000)).toBe(true);
    expect(health.claim('p', 'r2', 5_999)).toBe(false);
    expect(health.claim('p', 'r2', 6_000)).toBe(true);
  });

  it('absorbs outage failures while open, counts successes, and closes on the probe only', () => {
    const { health, transitions } = opened(0);
    expect(health.recordFailure('p', 'k4', 'late', overloaded, 10)).toBe(true);
    health.recordSuccess('p', 'k1', 'late', 20);
    expect(health.state('p', 20)).toBe('open');
    expect(health.claim('p', 'probe', 1_000)).toBe(true);
    health.recordSuccess('p', 'k2', 'probe', 1_100);
    expect(health.state('p', 1_100)).toBe('closed');
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'closed']);
    // Closed again, with the old failures forgotten: one more failure does not reopen it.
    expect(health.recordFailure('p', 'k1', 'r', overloaded, 1_200)).toBe(false);
  });

  it('does nothing when turned off', () => {
    const health = new ProviderHealth(undefined, () => {
      throw new Error('no events expected');
    });
    for (let i = 0; i < 10; i++) expect(health.recordFailure('p', `k${i}`, 'r', overloaded, i)).toBe(false);
    expect(health.block('p', 10)).toBeUndefined();
    expect(health.claim('p', 'r', 10)).toBe(true);
  });
});
