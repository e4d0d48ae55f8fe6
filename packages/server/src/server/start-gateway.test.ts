import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testTempDir } from '../test/temp-dir.test-helpers.js';
import { startGateway } from './start-gateway.js';

const KEY = 'sk-reload-canary-0123456789';

function config(upstream: string, vk: string, rpm: number): string {
  return `providers:
  openai: { adapter: openai, baseURL: "${upstream}/v1" }
keys:
  - { provider: openai, key: "${KEY}", models: [gpt-4o-mini] }
virtualKeys:
  - { name: team, key: "${vk}", limits: { rpm: ${rpm} } }
server: { accessLog: false }
`;
}

async function chat(url: string, key: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('startGateway', () => {
  let upstream: FakeProvider;
  beforeAll(async () => {
    upstream = await startFakeProvider({ flavor: 'openai', keys: { [KEY]: { latencyMs: 300 } } });
  });
  afterAll(() => upstream.close());

  it('reloads on SIGHUP without dropping an in-flight request; a bad config keeps the old one', async () => {
    const dir = await testTempDir('akr-reload-');
    const file = join(dir, 'gateway.yaml');
    await writeFile(file, config(upstream.url, 'akr-old-key-0123456789abcdef', 100));
    const logs: string[] = [];
    const running = await startGateway({
      configFile: file,
      port: 0,
      signals: true,
      log: (_level, message, data) => logs.push(`${message} ${JSON.stringify(data)}`),
    });
    try {
      const inFlight = chat(running.url, 'akr-old-key-0123456789abcdef');
      await writeFile(file, config(upstream.url, 'akr-new-key-0123456789abcdef', 100));
      process.emit('SIGHUP');
      await vi.waitFor(async () =>
        expect((await chat(running.url, 'akr-new-key-0123456789abcdef')).status).toBe(200),
      );
      expect((await inFlight).status).toBe(200);
      expect((await chat(running.url, 'akr-old-key-0123456789abcdef')).status).toBe(401);
      // Key states survive a reload: a key disabled before it stays disabled after.
      const [key] = running.gateway.router.listKeys();
      await running.gateway.router.disableKey(key?.id ?? '', 'test');
      expect(await running.reloadFromFile()).toBe(true);
      expect(running.gateway.router.getKey(key?.id ?? '')?.state).toBe('disabled');
      await running.gateway.router.enableKey(key?.id ?? '');

      await writeFile(file, config(upstream.url, 'akr-new-key-0123456789abcdef', -5));
      expect(await running.reloadFromFile()).toBe(false);
      expect(logs.join('\n')).toContain('virtualKeys.0.limits.rpm');
      expect((await chat(running.url, 'akr-new-key-0123456789abcdef')).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('over HTTP, logs and counts an answer after sending it, before the next request is served', async () => {
    const dir = await testTempDir('akr-after-');
    const file = join(dir, 'gateway.yaml');
    const vk = 'akr-after-key-0123456789abcde';
    await writeFile(file, config(upstream.url, vk, 100).replace('accessLog: false', 'accessLog: true'));
    const lines: Array<{ status: number; path: string }> = [];
    const running = await startGateway({
      configFile: file,
      port: 0,
      log: () => {},
      accessLog: (line) => lines.push(line),
    });
    try {
      expect((await chat(running.url, vk)).status).toBe(200);
      expect((await chat(running.url, 'akr-wrong-key-0123456789abcd')).status).toBe(401);
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(lines.map((l) => [l.status, l.path])).toEqual([
        [200, '/v1/chat/completions'],
        [401, '/v1/chat/completions'],
      ]);
      expect(metrics).toMatch(/apikeyrouter_requests_total\{[^}]*status="200"[^}]*\} 1/);
      expect(metrics).toMatch(/apikeyrouter_requests_total\{[^}]*status="401"[^}]*\} 1/);
      expect(metrics).toMatch(/apikeyrouter_in_flight_requests 0/);
    } finally {
      await running.close();
    }
  });

  it('drains in-flight requests on close', async () => {
    const dir = await testTempDir('akr-drain-');
    const file = join(dir, 'gateway.yaml');
    await writeFile(file, config(upstream.url, 'akr-drain-key-0123456789abcd', 100));
    const running = await startGateway({ configFile: file, port: 0, log: () => {} });
    const before = Object.values(upstream.stats()).reduce((n, k) => n + k.requests, 0);
    const pending = chat(running.url, 'akr-drain-key-0123456789abcd');
    await vi.waitFor(() =>
      expect(Object.values(upstream.stats()).reduce((n, k) => n + k.requests, 0)).toBe(before + 1),
    );
    const closed = running.close();
    expect((await pending).status).toBe(200);
    await closed;
    await expect(chat(running.url, 'akr-drain-key-0123456789abcd')).rejects.toThrow();
  });
});
