import type { SpendQuery } from '@apikeyrouter/core';
import { HttpFailure } from '../http/http-failure.js';

const SCOPES = new Set(['global', 'provider', 'key', 'model', 'tag']);

function instant(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) {
    throw new HttpFailure(
      400,
      'invalid_request_error',
      'invalid_request',
      `${name} must be epoch ms or an ISO date`,
      name,
    );
  }
  return value;
}

/**
 * A spend query from admin query parameters (`scope`, `scopeId`, `from`, `to` as epoch ms or ISO dates).
 *
 * @example
 * spendQuery('tag', 'team:search', '2026-01-01', undefined);
 */
export function spendQuery(
  scope: string,
  scopeId: string | undefined,
  from: string | undefined,
  to: string | undefined,
): SpendQuery {
  if (!SCOPES.has(scope)) {
    throw new HttpFailure(
      400,
      'invalid_request_error',
      'invalid_request',
      'scope is one of global, provider, key, model, tag',
      'scope',
    );
  }
  const query: SpendQuery = { scope: scope as SpendQuery['scope'] };
  if (scopeId !== undefined && scopeId !== '') query.scopeId = scopeId;
  const fromMs = instant(from, 'from');
  const toMs = instant(to, 'to');
  if (fromMs !== undefined) query.from = fromMs;
  if (toMs !== undefined) query.to = toMs;
  return query;
}
