import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './load-config.js';
import { redactConfig } from './redact-config.js';

const BASE = `
providers:
  openai: { adapter: openai, baseURL: "http://127.0.0.1:1/v1" }
keys:
  - { provider: openai, key: "sk-state-config-material" }
virtualKeys:
  - { name: team, key: "akr-team-state-config-0001" }
`;

function issuesOf(text: string): string[] {
  try {
    parseConfig(text, {}, 'gateway.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('state, cache and redis config', () => {
  it('defaults to memory for state and cache', () => {
    const config = parseConfig(BASE, {}, 'gateway.yaml');
    expect(config.state.store).toBe('memory');
    expect(config.cache.store).toBe('memory');
    expect(config.redis).toBeUndefined();
  });

  it('needs a redis section for redis stores and validates it', () => {
    expect(issuesOf(`${BASE}state: { store: redis }\ncache: { store: redis }\n`)).toEqual([
      'state.store: needs a `redis` section with the url',
      'cache.store: needs a `redis` section with the url',
    ]);
    expect(issuesOf(`${BASE}redis: { url: "http://x", prefix: "a b", replicas: 0 }\n`)).toHaveLength(3);
    const config = parseConfig(
      `${BASE}redis: { url: "redis://127.0.0.1:6379" }\nstate: { store: redis }\n`,
      {},
      'gateway.yaml',
    );
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'akr',
      replicas: 1,
      timeoutMs: 500,
    });
  });

  it('hides Redis credentials in the printed config', () => {
    const config = parseConfig(
      `${BASE}redis: { url: "redis://admin:redis-pass-secret-1@10.0.0.5:6380/2" }\n`,
      {},
      'gateway.yaml',
    );
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toContain('redis-pass-secret-1');
    expect(text).not.toContain('admin:');
    expect(text).toContain('10.0.0.5:6380/2');
    const bare = parseConfig(`${BASE}redis: { url: "redis://10.0.0.5:6380" }\n`, {}, 'gateway.yaml');
    expect(redactConfig(bare).redis?.url).toBe('redis://10.0.0.5:6380');
  });
});
