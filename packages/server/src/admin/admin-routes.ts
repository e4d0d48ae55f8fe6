import type { BudgetInput } from '@apikeyrouter/core';
import type { Context, Hono } from 'hono';
import { presentedKey } from '../app/admit-request.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import { sameSecret } from '../auth/secret-digest.js';
import { HttpFailure } from '../http/http-failure.js';
import { decodeJsonObject, parseWire } from '../http/parse-wire.js';
import { readBody } from '../http/read-body.js';
import { chatToIntent } from '../openai/chat-to-intent.js';
import { chatWireSchema } from '../openai/chat-wire-schema.js';
import { VIRTUAL_KEY_TAG } from '../runtime/gateway-runtime.js';
import { spendQuery } from './spend-query.js';

function requireAdmin(c: Context<GatewayEnv>, host: GatewayHost): void {
  const token = host.runtime().config.admin?.token;
  if (token === undefined)
    throw new HttpFailure(404, 'not_found_error', 'unknown_url', 'The admin API is disabled');
  const presented = presentedKey(c.req.header('authorization'), undefined, false);
  if (presented === undefined || !sameSecret(presented, token)) {
    throw new HttpFailure(401, 'authentication_error', 'invalid_admin_token', 'Missing or wrong admin token');
  }
}

async function jsonBody(c: Context<GatewayEnv>): Promise<Record<string, unknown>> {
  return decodeJsonObject(await readBody(c.env, () => c.req.arrayBuffer(), 1024 * 1024));
}

/**
 * The admin API under `/admin`, behind `Authorization: Bearer <admin token>`: keys with state and quota,
 * disable / enable / rotate, budgets CRUD, spend by tag and per virtual key, explain dry runs.
 * Changes apply to the running router; a config reload starts from the file again.
 *
 * @example
 * registerAdminRoutes(app, host);
 */
export function registerAdminRoutes(app: Hono<GatewayEnv>, host: GatewayHost): void {
  const router = () => host.runtime().router;
  app.use('/admin/*', async (c, next) => {
    requireAdmin(c, host);
    await next();
  });
  app.get('/admin/keys', async (c) => {
    const keys = await Promise.all(
      router()
        .listKeys()
        .map(async (key) => ({ ...key, quota: await router().quota.getQuotaState(key.id) })),
    );
    return c.json({ keys });
  });
  app.post('/admin/keys/:id/disable', async (c) => c.json(await router().disableKey(c.req.param('id'))));
  app.post('/admin/keys/:id/enable', async (c) => c.json(await router().enableKey(c.req.param('id'))));
  app.post('/admin/keys/:id/rotate', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.key !== 'string' || body.key === '') {
      throw new HttpFailure(
        400,
        'invalid_request_error',
        'invalid_request',
        'Send { "key": "<new material>" }',
        'key',
      );
    }
    return c.json(await router().rotateKey(c.req.param('id'), body.key));
  });
  app.get('/admin/budgets', async (c) => {
    const costs = router().costController;
    const budgets = await Promise.all(costs.listBudgets().map((budget) => costs.getBudgetStatus(budget.id)));
    return c.json({ budgets });
  });
  app.post('/admin/budgets', async (c) =>
    c.json(await router().costController.createBudget((await jsonBody(c)) as unknown as BudgetInput), 201),
  );
  app.get('/admin/budgets/:id', async (c) =>
    c.json(await router().costController.getBudgetStatus(c.req.param('id'))),
  );
  app.patch('/admin/budgets/:id', async (c) =>
    c.json(
      await router().costController.updateBudget(
        c.req.param('id'),
        (await jsonBody(c)) as Partial<BudgetInput>,
      ),
    ),
  );
  app.delete('/admin/budgets/:id', async (c) => {
    const deleted = await router().costController.deleteBudget(c.req.param('id'));
    if (!deleted) throw new HttpFailure(404, 'not_found_error', 'budget_not_found', 'No such budget');
    return c.json({ deleted: true });
  });
  app.get('/admin/spend', async (c) => {
    const query = spendQuery(
      c.req.query('scope') ?? 'global',
      c.req.query('scopeId'),
      c.req.query('from'),
      c.req.query('to'),
    );
    const spend = await router().costController.getSpend(query);
    return c.json({ ...query, total: spend.total.toFixed(), requests: spend.requests });
  });
  app.get('/admin/spend/virtual-keys', async (c) => {
    const from = c.req.query('from');
    const to = c.req.query('to');
    const rows = await Promise.all(
      host
        .runtime()
        .virtualKeys.all()
        .map(async (vk) => {
          const query = spendQuery('tag', `${VIRTUAL_KEY_TAG}:${vk.name}`, from, to);
          const spend = await router().costController.getSpend(query);
          return { virtualKey: vk.name, total: spend.total.toFixed(), requests: spend.requests };
        }),
    );
    return c.json({ virtualKeys: rows });
  });
  app.post('/admin/explain', async (c) => {
    const body = parseWire(chatWireSchema, await jsonBody(c));
    const explanation = await router().explain(
      chatToIntent(body),
      body.objective ?? host.runtime().config.routing.objective,
    );
    return c.json({ explanation: explanation.toJSON(), text: String(explanation) });
  });
}
