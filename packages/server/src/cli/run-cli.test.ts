import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testTempDir } from '../test/temp-dir.test-helpers.js';
import { parseArgs } from './parse-args.js';
import { runCli } from './run-cli.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (text) => {
      out += `${text}\n`;
    },
    err: (text) => {
      err += `${text}\n`;
    },
    env,
  });
  return { code, out, err };
}

describe('runCli', () => {
  it('prints help and rejects unknown commands and options', async () => {
    expect((await cli(['--help'])).out).toContain('apikeyrouter serve --config <file>');
    expect((await cli([])).code).toBe(0);
    expect((await cli(['launch'])).code).toBe(2);
    expect((await cli(['serve', '--config', 'x', '--verbose'])).err).toContain('unknown option "--verbose"');
    expect((await cli(['serve'])).err).toContain('--config <file> is required');
    expect(parseArgs(['serve', '--config=a.yaml', '--port', '0', '--host', '::1'])).toEqual({
      command: 'serve',
      config: 'a.yaml',
      port: 0,
      host: '::1',
    });
    expect(parseArgs(['serve', '--config', 'a', '--port', '99999']).command).toBe('error');
  });

  it('check lists each problem with its path and exits non-zero, without a stack', async () => {
    const dir = await testTempDir('akr-cli-');
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${VAR} syntax is what this test feeds in
      'providers: {}\nkeys:\n  - { provider: nope, key: "${NOT_SET_ANYWHERE}" }\nvirtualKeys: []\n',
    );
    const result = await cli(['check', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('keys.0.key: environment variable NOT_SET_ANYWHERE is not set');
    expect(result.err).toContain('keys.0.provider: unknown provider "nope"');
    expect(result.err).toMatch(/virtualKeys: /);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect((await cli(['serve', '--config', join(dir, 'missing.yaml')])).err).toContain(
      '(file): cannot read file (ENOENT)',
    );
  });

  it('check prints the resolved config without secrets', async () => {
    const dir = await testTempDir('akr-cli-');
    const file = join(dir, 'good.yaml');
    await writeFile(
      file,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${VAR} syntax is what this test feeds in
      'providers:\n  openai: { adapter: openai }\nkeys:\n  - { provider: openai, key: "${K}" }\nvirtualKeys:\n  - { name: a, key: "akr-team-a-0123456789abcdef" }\n',
    );
    const result = await cli(['check', '--config', file], { K: 'sk-check-secret-123' });
    expect(result.code).toBe(0);
    expect(result.out).toContain('config OK');
    expect(result.out).not.toContain('sk-check-secret-123');
    expect(result.out).not.toContain('akr-team-a-0123456789abcdef');
  });
});
