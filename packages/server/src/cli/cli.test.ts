import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/apikeyrouter.js');
const KEY = 'sk-cli-canary-0123456789abcdef';

function config(upstream: string, vkName: string, vkKey: string): string {
  return `providers:
  openai: { adapter: openai, baseURL: "${upstream}/v1" }
keys:
  - { provider: openai, key: "\${CLI_OPENAI_KEY}", models: [gpt-4o-mini] }
virtualKeys:
  - { name: ${vkName}, key: "${vkKey}" }
`;
}

function run(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, CLI_OPENAI_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function chat(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.text();
  return res.status;
}

describe('apikeyrouter CLI', () => {
  let upstream: FakeProvider;
  let dir: string;
  beforeAll(async () => {
    upstream = await startFakeProvider({ flavor: 'openai', keys: { [KEY]: {} } });
    dir = await mkdtemp(join(tmpdir(), 'akr-cli-'));
  });
  afterAll(async () => {
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves, reloads on file change, keeps the old config on a bad one, drains on SIGTERM', async () => {
    const file = join(dir, 'serve.yaml');
    await writeFile(file, config(upstream.url, 'team-a', 'akr-team-a-0123456789abcdef'));
    const proc = run(['serve', '--config', file, '--port', '0', '--host', '127.0.0.1']);
    await vi.waitFor(() => expect(proc.out()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/), {
      timeout: 20_000,
    });
    const url = /listening on (http:\/\/\S+)/.exec(proc.out())?.[1] ?? '';
    expect(await chat(url, 'akr-team-a-0123456789abcdef')).toBe(200);

    await writeFile(file, config(upstream.url, 'team-b', 'akr-team-b-0123456789abcdef'));
    await vi.waitFor(async () => expect(await chat(url, 'akr-team-b-0123456789abcdef')).toBe(200), {
      timeout: 10_000,
    });
    expect(await chat(url, 'akr-team-a-0123456789abcdef')).toBe(401);

    await writeFile(file, 'providers: [oops');
    await vi.waitFor(() => expect(proc.err()).toContain('config rejected'), { timeout: 10_000 });
    expect(await chat(url, 'akr-team-b-0123456789abcdef')).toBe(200);

    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    const all = proc.out() + proc.err();
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('akr-team-b-0123456789abcdef');
  }, 40_000);
});
