import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testTempDir } from '../test/temp-dir.test-helpers.js';
import { ConfigError } from './config-error.js';
import { interpolateEnv } from './interpolate-env.js';
import { loadConfigFile, parseConfig } from './load-config.js';
import { redactConfig } from './redact-config.js';

const GOOD = `
providers:
  openai: { adapter: openai, baseURL: "http://127.0.0.1:1/v1" }
keys:
  - { provider: openai, key: "\${OPENAI_KEY_1}", label: prod-1, limits: { rpm: 500, tpm: 200000 }, models: [gpt-4o-mini] }
budgets:
  - { scope: global, limit: "50", period: day, enforcementMode: hard }
virtualKeys:
  - { name: team-search, key: "\${AKR_TEAM_SEARCH}", models: [gpt-4o-mini], limits: { rpm: 60 }, budget: { limit: "5", period: day }, tags: { team: search } }
routing: { objective: balanced, fallbackModels: { gpt-4o: [anthropic/claude-3-5-sonnet-latest] } }
admin: { token: "\${AKR_ADMIN_TOKEN}" }
`;
const ENV = {
  OPENAI_KEY_1: 'sk-secret-material-1',
  AKR_TEAM_SEARCH: 'akr-team-search-secret-0001',
  AKR_ADMIN_TOKEN: 'admin-secret-token-000001',
};

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('parses the documented example with interpolation and defaults', () => {
    const config = parseConfig(GOOD, ENV, 'gateway.yaml');
    expect(config.keys[0]?.key).toBe('sk-secret-material-1');
    expect(config.virtualKeys[0]?.limits?.rpm).toBe(60);
    expect(config.server.port).toBe(8787);
    expect(config.budgets[0]?.enforcementMode).toBe('hard');
    expect(config.routing.fallbackModels['gpt-4o']).toEqual(['anthropic/claude-3-5-sonnet-latest']);
  });

  it('reports each problem with its path, missing variables included, without values', () => {
    const bad = GOOD.replace('provider: openai,', 'provider: nope,').replace('rpm: 60', 'rpm: -1');
    const issues = issuesOf(() => parseConfig(bad, { ...ENV, OPENAI_KEY_1: undefined }, 'gateway.yaml'));
    expect(issues).toEqual(
      expect.arrayContaining([
        'keys.0.key: environment variable OPENAI_KEY_1 is not set',
        'keys.0.provider: unknown provider "nope"',
        expect.stringMatching(/^virtualKeys\.0\.limits\.rpm: /),
      ]),
    );
    expect(issues.join('\n')).not.toContain('secret');
    expect(issuesOf(() => parseConfig('a: [', ENV))[0]).toMatch(/^\(file\): not valid YAML/);
    expect(issuesOf(() => parseConfig('- 1', ENV))).toEqual(['(root): expected a mapping']);
  });

  it('interpolates only string values and keeps $${X} literal', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${VAR} syntax is what this test feeds in
    expect(interpolateEnv({ a: ['x-${A}-y', '$${A}'], n: 1 }, { A: 'v' })).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${VAR} syntax is what this test feeds in
      value: { a: ['x-v-y', '${A}'], n: 1 },
      missing: [],
    });
  });

  it('loads JSON files and reports unreadable ones', async () => {
    const dir = await testTempDir('akr-config-');
    const file = join(dir, 'gateway.json');
    await writeFile(
      file,
      JSON.stringify({
        providers: { openai: { adapter: 'openai' } },
        keys: [{ provider: 'openai', key: 'sk-x' }],
        virtualKeys: [{ name: 'a', keyHash: 'a'.repeat(64) }],
      }),
    );
    expect((await loadConfigFile(file, {})).virtualKeys[0]?.name).toBe('a');
    await expect(loadConfigFile(join(dir, 'missing.yaml'), {})).rejects.toThrow(ConfigError);
  });

  it('redacts every secret for `check`', () => {
    const text = JSON.stringify(redactConfig(parseConfig(GOOD, ENV)));
    for (const secret of Object.values(ENV)) expect(text).not.toContain(secret);
    expect(text).toContain('team-search');
  });
});
