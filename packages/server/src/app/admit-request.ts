import { modelMatches } from '@apikeyrouter/core';
import type { VirtualKey } from '../auth/virtual-key-store.js';
import { HttpFailure } from '../http/http-failure.js';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';

/**
 * The presented gateway key: `Authorization: Bearer …`, or (when `allowXApiKey`) `x-api-key` as the
 * Anthropic SDK sends it.
 *
 * @example
 * presentedKey(c.req.header('authorization'), c.req.header('x-api-key'), true);
 */
export function presentedKey(
  authorization: string | undefined,
  xApiKey: string | undefined,
  allowXApiKey: boolean,
): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  return allowXApiKey && xApiKey !== undefined && xApiKey !== '' ? xApiKey.trim() : undefined;
}

/**
 * Authenticates a request's virtual key; 401 when missing or unknown (the message never echoes it).
 *
 * @example
 * const vk = authenticate(runtime, presentedKey(auth, undefined, false));
 */
export function authenticate(runtime: GatewayRuntime, material: string | undefined): VirtualKey {
  const vk = runtime.virtualKeys.authenticate(material);
  if (vk) return vk;
  throw new HttpFailure(
    401,
    'authentication_error',
    'invalid_api_key',
    material === undefined
      ? 'Missing gateway key: send Authorization: Bearer <key>'
      : 'Incorrect gateway key provided',
  );
}

/**
 * Checks a virtual key may use a model (and each requested fallback) and that some key serves the model:
 * 403 when not allowed, 404 when nothing serves it.
 *
 * @example
 * authorizeModels(runtime, vk, 'gpt-4o-mini', []);
 */
export function authorizeModels(
  runtime: GatewayRuntime,
  vk: VirtualKey,
  model: string,
  fallbacks: readonly string[],
): void {
  for (const [index, candidate] of [model, ...fallbacks].entries()) {
    if (vk.models !== undefined && !modelMatches(vk.models, candidate)) {
      throw new HttpFailure(
        403,
        'permission_error',
        'model_not_allowed',
        `This gateway key may not use the model ${JSON.stringify(candidate.slice(0, 256))}`,
        index === 0 ? 'model' : 'fallback_models',
      );
    }
  }
  if (!runtime.catalog.serves(model)) {
    throw new HttpFailure(
      404,
      'not_found_error',
      'model_not_found',
      `The model ${JSON.stringify(model.slice(0, 256))} does not exist or no key serves it`,
      'model',
    );
  }
}

/**
 * Applies the virtual key's requests-per-minute limit: 429 with a retry time when over.
 *
 * @example
 * await enforceRate(runtime, vk, clock.now());
 */
export async function enforceRate(runtime: GatewayRuntime, vk: VirtualKey, now: number): Promise<void> {
  const window = runtime.rateWindows.get(vk.name);
  if (!window) return;
  const verdict = await window.admit(now);
  if (!verdict.ok) {
    throw new HttpFailure(
      429,
      'rate_limit_error',
      'rate_limit_exceeded',
      `Rate limit of ${window.rpm} requests per minute reached for this gateway key`,
      null,
      verdict.retryAfterMs,
    );
  }
}
