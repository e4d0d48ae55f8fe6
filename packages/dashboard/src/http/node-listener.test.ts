import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboard, type Dashboard } from '../create-dashboard.js';
import { dashboardRouter } from '../dashboard.test-helpers.js';
import { toNodeListener } from './node-listener.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function serve(dash: Dashboard) {
  const server = createServer(toNodeListener(dash.handle));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  stop = async () => {
    dash.close();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeListener', () => {
  it('serves the dashboard over node:http on loopback, page, state and a live event stream', async () => {
    const { router, keys } = await dashboardRouter();
    const dash = createDashboard({ router });
    const base = await serve(dash);
    const page = await fetch(`${base}/dashboard/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>ApiKeyRouter</h1>');
    const state = (await (await fetch(`${base}/dashboard/api/state`)).json()) as { keys: unknown[] };
    expect(state.keys).toHaveLength(2);
    const controller = new AbortController();
    const events = await fetch(`${base}/dashboard/api/events`, { signal: controller.signal });
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // ': connected'
    await router.disableKey(keys.backup?.id as string);
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: keyStateChanged');
    controller.abort();
    await reader.read().catch(() => undefined);
  });
});
