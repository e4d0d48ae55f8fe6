import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { type GatewayConfig, gatewayConfigSchema } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';

/** Largest config file read, so a wrong path (a log, a device) cannot exhaust memory. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Parses config text (YAML, which includes JSON), interpolates `${ENV}` references and validates it. Throws a
 * {@link ConfigError} listing every problem.
 *
 * @example
 * const config = parseConfig(text, process.env, 'gateway.yaml');
 */
export function parseConfig(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  source = 'config',
): GatewayConfig {
  let raw: unknown;
  try {
    raw = source.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    throw new ConfigError(source, [{ path: '(file)', message: `not valid YAML/JSON: ${reason}` }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, [{ path: '(root)', message: 'expected a mapping' }]);
  }
  const { value, missing } = interpolateEnv(raw, env);
  const issues: ConfigIssue[] = missing.map((m) => ({
    path: m.path,
    message: `environment variable ${m.name} is not set`,
  }));
  const parsed = gatewayConfigSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.') || '(root)';
      // A key whose variable is missing already has its own issue; don't also report it as too short.
      if (!issues.some((known) => known.path === path)) issues.push({ path, message: issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(source, issues);
  return parsed.data;
}

/**
 * Reads and parses a config file (see {@link parseConfig}); `.json` files are parsed as JSON, others as YAML.
 *
 * @example
 * const config = await loadConfigFile('examples/gateway/gateway.yaml');
 */
export async function loadConfigFile(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<GatewayConfig> {
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.byteLength > MAX_CONFIG_BYTES) {
      throw new ConfigError(file, [{ path: '(file)', message: `larger than ${MAX_CONFIG_BYTES} bytes` }]);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(file, [{ path: '(file)', message: `cannot read file (${code})` }]);
  }
  return parseConfig(text, env, file);
}
