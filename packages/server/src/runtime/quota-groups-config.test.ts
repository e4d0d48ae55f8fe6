import { VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { gatewayConfigSchema } from '../config/config-schema.js';
import { parseConfig } from '../config/load-config.js';
import { openGatewayState } from '../state/gateway-state.js';
import { carryOver } from './carry-over.js';
import { buildRuntime } from './gateway-runtime.js';

const input = {
  providers: { openai: { adapter: 'openai', baseURL: 'http://127.0.0.1:9/v1' } },
  keys: [
    { provider: 'openai', key: 'sk-groups-canary-000001', quotaGroup: 'org-a' },
    { provider: 'openai', key: 'sk-groups-canary-000002', quotaGroup: 'org-a' },
    { provider: 'openai', key: 'sk-groups-canary-000003' },
  ],
  quotaGroups: { 'org-a': { limits: { rpm: 2 } } },
  virtualKeys: [{ name: 'team', key: 'akr-groups-team-0123456789' }],
};

describe('quota groups in the gateway config', () => {
  it('declares group limits and puts keys in their groups, again after a reload on the same state', async () => {
    const config = gatewayConfigSchema.parse(input);
    const clock = new VirtualClock();
    const state = await openGatewayState(config, clock);
    const first = await buildRuntime(config, { clock, state });
    const [one, two, three] = first.router.listKeys();
    expect([one?.quotaGroup, two?.quotaGroup, three?.quotaGroup]).toEqual(['org-a', 'org-a', undefined]);
    expect(first.router.quota.groups.get('org-a')).toEqual({
      name: 'org-a',
      limits: { rpm: 2 },
      keyIds: [one?.id, two?.id],
    });
    // Usage of the group lives in the shared quota store under the group's id: a reload keeps it.
    const estimate = { inputTokens: 10, outputTokens: 10 };
    for (const key of [one, two]) {
      const held = await first.router.quota.reserve(key?.id ?? '', estimate);
      if (held.ok) await first.router.quota.commit(held.reservation, { ...estimate, totalTokens: 20 });
    }
    const second = await buildRuntime(config, { clock, state });
    carryOver(first, second);
    const refused = await second.router.quota.reserve(two?.id ?? '', estimate);
    expect(refused).toMatchObject({ ok: false, check: { dimension: 'requests_per_minute' } });
    expect(!refused.ok && refused.check.detail).toMatch(/^quota group org-a: /);
    expect((await second.router.quota.reserve(three?.id ?? '', estimate)).ok).toBe(true);
  });

  it('rejects invalid group names and limits with their paths', () => {
    const yaml = `
providers:
  openai: { adapter: openai, baseURL: "http://127.0.0.1:9/v1" }
keys:
  - { provider: openai, key: "sk-groups-canary-000001", quotaGroup: "org a" }
quotaGroups:
  "-bad": { limits: { rpm: 5 } }
  good: { limits: { rpm: -1 } }
virtualKeys:
  - { name: team, key: "akr-groups-team-0123456789" }
`;
    let error: unknown;
    try {
      parseConfig(yaml, {}, 'gateway.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = (error as ConfigError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['keys.0.quotaGroup', 'quotaGroups.-bad', 'quotaGroups.good.limits.rpm']),
    );
  });
});
