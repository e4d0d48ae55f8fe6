import { RouterError } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { routerErrorOf } from './router-error-of.js';

const typed = () => new RouterError('rate_limit', 'slow down');

describe('routerErrorOf', () => {
  it('returns the RouterError of a rejected promise or of a function that throws', async () => {
    expect((await routerErrorOf(Promise.reject(typed()))).category).toBe('rate_limit');
    expect((await routerErrorOf(async () => Promise.reject(typed()))).category).toBe('rate_limit');
  });

  it('fails on success and on errors of other kinds', async () => {
    await expect(routerErrorOf(Promise.resolve(1))).rejects.toThrow('but the call succeeded');
    await expect(routerErrorOf(Promise.reject(new Error('plain')))).rejects.toThrow(
      'expected a RouterError, got Error: plain',
    );
  });
});
