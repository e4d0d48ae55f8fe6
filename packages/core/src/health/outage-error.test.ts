import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors/router-error.js';
import { isProviderOutage } from './outage-error.js';

describe('isProviderOutage', () => {
  it('is true for 5xx, 529 and overload errors, false for what a key answers for', () => {
    const cases: Array<[RouterError, boolean]> = [
      [new RouterError('provider', 'boom', { status: 500 }), true],
      [new RouterError('provider', 'unavailable', { status: 503 }), true],
      [new RouterError('provider', 'overloaded', { status: 529 }), true],
      [new RouterError('provider', 'overloaded after 200', { status: 200, code: 'overloaded_error' }), true],
      [new RouterError('provider', 'malformed body', { status: 200 }), false],
      [new RouterError('rate_limit', 'slow down', { status: 429 }), false],
      [new RouterError('authentication', 'bad key', { status: 401 }), false],
      [new RouterError('permission', 'region', { status: 403 }), false],
      [new RouterError('timeout', 'no answer'), false],
      [new RouterError('network', 'reset', { code: 'ECONNRESET' }), false],
    ];
    for (const [error, outage] of cases)
      expect([error.message, isProviderOutage(error)]).toEqual([error.message, outage]);
  });
});
