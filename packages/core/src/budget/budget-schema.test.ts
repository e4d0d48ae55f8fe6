import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import { parseBudgetInput } from './budget-schema.js';

const base = { scope: 'global', limit: '10', period: 'day', enforcementMode: 'hard' } as const;

function issuesOf(input: unknown): string[] {
  try {
    parseBudgetInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(RouterError.isInstance(error) && error.category).toBe('validation');
    return (error as ValidationError).issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  throw new Error('expected a ValidationError');
}

describe('parseBudgetInput', () => {
  it('fills defaults: UTC, thresholds 0.5/0.8/1, Decimal limit', () => {
    const budget = parseBudgetInput(base);
    expect(budget.timezone).toBe('UTC');
    expect(budget.thresholds).toEqual([0.5, 0.8, 1]);
    expect(budget.limit.toString()).toBe('10');
  });

  it('sorts and de-duplicates thresholds and keeps optional fields', () => {
    const budget = parseBudgetInput({
      ...base,
      scope: 'tag',
      scopeId: 'team:search',
      thresholds: [1, 0.25, 1],
      timezone: 'Europe/Berlin',
      name: 'search',
      allowUnknownCost: true,
      period: { rollingMs: 60_000 },
    });
    expect(budget.thresholds).toEqual([0.25, 1]);
    expect(budget).toMatchObject({
      scopeId: 'team:search',
      timezone: 'Europe/Berlin',
      name: 'search',
      allowUnknownCost: true,
    });
    expect(budget.period).toEqual({ rollingMs: 60_000 });
  });

  it.each([
    [{ ...base, limit: '-1' }, 'limit: must not be negative'],
    [{ ...base, limit: 'ten' }, 'limit: must be a decimal number'],
    [{ ...base, limit: Number.NaN }, 'limit: must be a finite number'],
    [{ ...base, timezone: 'Mars/Olympus' }, 'timezone: unknown IANA time zone'],
    [{ ...base, scope: 'provider' }, 'scopeId: a provider budget needs a scopeId'],
    [{ ...base, scopeId: 'x' }, 'scopeId: a global budget takes no scopeId'],
    [{ ...base, scope: 'tag', scopeId: 'team' }, 'scopeId: a tag scopeId reads tagName:value'],
    [{ ...base, thresholds: [0] }, 'thresholds.0'],
    [{ ...base, thresholds: [0.5, Number.POSITIVE_INFINITY] }, 'thresholds.1'],
    [{ ...base, period: 'year' }, 'period'],
    [{ ...base, period: { rollingMs: -5 } }, 'period'],
    [{ ...base, enforcementMode: 'downgrade' }, 'downgradeTo: a downgrade budget needs at least one model'],
    [{ ...base, enforcementMode: 'block' }, 'enforcementMode'],
    [{ ...base, extra: true }, '(root)'],
  ])('rejects %j', (input, expected) => {
    expect(issuesOf(input).join('\n')).toContain(expected);
  });

  it('reports every issue at once', () => {
    expect(
      issuesOf({ scope: 'model', limit: '-1', period: 'day', enforcementMode: 'hard', timezone: 'Nowhere' })
        .length,
    ).toBe(3);
  });

  it('rejects non-objects and hostile input without throwing anything else', () => {
    expect(issuesOf(null)).toHaveLength(1);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(issuesOf(hostile).length).toBeGreaterThan(0);
  });
});
