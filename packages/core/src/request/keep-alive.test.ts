import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', script], {
      cwd: join(here, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a pending request keeps the process alive', () => {
  it('a process awaiting a request that waits for a throttled key does not exit before it settles', async () => {
    const { code, stdout, stderr } = await runChild(join(here, 'keep-alive-child.test-helpers.ts'));
    expect(stderr).not.toContain('unsettled top-level await');
    expect(stdout).toContain('settled after 2 attempts');
    expect(code).toBe(0);
  });
});
