import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from './budget-exceeded-error.js';
import { ERROR_CATEGORIES } from './error-category.js';
import { NoEligibleKeysError } from './no-eligible-keys-error.js';
import { RouterError, type RouterErrorExplanation } from './router-error.js';
import { StoreUnavailableError } from './store-unavailable-error.js';
import { toRouterError } from './to-router-error.js';
import { ValidationError } from './validation-error.js';

// Inside the monorepo the router widens the explanation type; the kit itself only needs something printable.
function printable(text: string): RouterErrorExplanation {
  return { toString: () => text } as unknown as RouterErrorExplanation;
}

describe('error classes', () => {
  it('each subclass has its own marker, recognised across copies without instanceof', () => {
    const validation = new ValidationError('bad', [{ path: 'a', message: 'x' }]);
    const budget = new BudgetExceededError('over');
    const store = new StoreUnavailableError('down');
    const none = new NoEligibleKeysError('none', printable('why'), 10);
    for (const error of [validation, budget, store, none]) expect(RouterError.isInstance(error)).toBe(true);
    expect(ValidationError.isInstance(validation)).toBe(true);
    expect(ValidationError.isInstance(budget)).toBe(false);
    expect(BudgetExceededError.isInstance(budget)).toBe(true);
    expect(StoreUnavailableError.isInstance(store)).toBe(true);
    expect(NoEligibleKeysError.isInstance(none)).toBe(true);
    expect(NoEligibleKeysError.isInstance(new RouterError('provider', 'x'))).toBe(false);
    const foreign = Object.assign(Object.create(null), {
      [Symbol.for('apikeyrouter.error')]: true,
      [Symbol.for('apikeyrouter.error.validation')]: true,
    });
    expect(ValidationError.isInstance(foreign)).toBe(true);
    expect(ValidationError.isInstance(null)).toBe(false);
    expect(ValidationError.isInstance('x')).toBe(false);
  });

  it('store_unavailable is a retryable category that leaves keys alone', () => {
    expect(ERROR_CATEGORIES).toContain('store_unavailable');
    const error = new StoreUnavailableError('redis down');
    expect([error.category, error.retryable, error.keyEffect]).toEqual(['store_unavailable', true, 'none']);
  });

  it('validation issues carry a code and a segment path', () => {
    const error = new ValidationError('bad', [
      { path: 'messages.0.content', message: 'empty' },
      { path: ['tools', 3, 'name'], message: 'bad name', code: 'invalid_string' },
      { path: '(root)', message: 'unknown field' },
    ]);
    expect(error.issues).toEqual([
      { code: 'invalid', path: ['messages', 0, 'content'], message: 'empty' },
      { code: 'invalid_string', path: ['tools', 3, 'name'], message: 'bad name' },
      { code: 'invalid', path: [], message: 'unknown field' },
    ]);
    expect(error.details?.issues).toEqual(error.issues);
  });

  it('toJSON prints the explanation through its own toJSON or as text', () => {
    const error = new RouterError('provider', 'x', { explanation: printable('because') });
    expect(error.toJSON().explanation).toBe('because');
  });
});

describe('toRouterError', () => {
  it('passes RouterErrors through unchanged', () => {
    const error = new RouterError('rate_limit', 'slow down');
    expect(toRouterError(error)).toBe(error);
  });

  it('maps transport failures to one category and code', () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(toRouterError(refused, { providerId: 'p' })).toMatchObject({
      category: 'network',
      code: 'connection_refused',
      providerId: 'p',
    });
    const tls = new TypeError('fetch failed', { cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    expect(toRouterError(tls).code).toBe('tls_failure');
    const dns = new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    expect(toRouterError(dns).code).toBe('dns_failure');
    expect(toRouterError(new TypeError('terminated')).code).toBe('connection_reset');
    expect(toRouterError(new DOMException('x', 'AbortError'))).toMatchObject({ category: 'aborted' });
    expect(toRouterError(new Error('x'), { timedOut: true, idle: true }).code).toBe('idle_timeout');
  });

  it('turns anything else into the fallback category', () => {
    for (const thrown of [new Error('boom'), 'text', 42, null, undefined, { weird: true }]) {
      const error = toRouterError(thrown, { providerId: 'p' });
      expect([error.category, error.code]).toEqual(['provider', 'unexpected_error']);
    }
    expect(toRouterError(new Error('x'), { fallbackCategory: 'validation' }).category).toBe('validation');
  });
});
