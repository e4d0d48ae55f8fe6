import { modelMatches } from '@apikeyrouter/core';
import type { Context } from 'hono';
import type { GatewayEnv } from '../app/gateway-host.js';

/**
 * `GET /v1/models`: the models the registered keys serve (and the virtual key may use), OpenAI's list shape.
 *
 * @example
 * app.get('/v1/models', serveModels);
 */
export function serveModels(c: Context<GatewayEnv>): Response {
  const { runtime, vk } = c.get('state');
  const allowed = vk?.models;
  const data = runtime.catalog
    .list()
    .filter((model) => allowed === undefined || modelMatches(allowed, model.id))
    .map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.ownedBy }));
  return c.json({ object: 'list', data });
}
