import type { FakeProvider, FaultSpec } from '@apikeyrouter/testkit';
import { startFakeProvider } from '@apikeyrouter/testkit';
import type { GatewayConfigInput } from '../config/config-schema.js';
import { gatewayConfigSchema } from '../config/config-schema.js';
import type { AccessLogLine } from '../log/access-log.js';
import { type RunningGateway, startGateway } from '../server/start-gateway.js';

/** Provider key material the tests must never see echoed anywhere. */
export const CANARY_OPENAI = 'sk-canary-openai-7f3a9c1e5b2d4f60';
export const CANARY_ANTHROPIC = 'sk-ant-canary-2b8e6d4c1a9f7e35';
/** Virtual keys. */
export const TEAM_KEY = 'akr-team-search-0123456789abcdef';
export const LIMITED_KEY = 'akr-team-limited-0123456789abcdef';
export const BROKE_KEY = 'akr-team-broke-0123456789abcdef0';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';

/** A gateway over loopback fakes, with everything it logged. */
export interface GatewayFixture {
  running: RunningGateway;
  url: string;
  openai: FakeProvider & { activeStreams(): number };
  anthropic: FakeProvider;
  logs: string[];
  accessLog: AccessLogLine[];
  close(): Promise<void>;
}

/** The test config over two fakes; `patch` adjusts it. */
export function testConfig(openaiUrl: string, anthropicUrl: string): GatewayConfigInput {
  return {
    server: { port: 0, bodyLimitBytes: 64 * 1024 },
    providers: {
      openai: { adapter: 'openai', baseURL: `${openaiUrl}/v1` },
      anthropic: { adapter: 'anthropic', baseURL: anthropicUrl },
    },
    keys: [
      {
        provider: 'openai',
        key: CANARY_OPENAI,
        label: 'openai-1',
        models: ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'],
      },
      {
        provider: 'anthropic',
        key: CANARY_ANTHROPIC,
        label: 'anthropic-1',
        models: ['claude-3-5-haiku-latest'],
      },
    ],
    virtualKeys: [
      { name: 'team-search', key: TEAM_KEY },
      {
        name: 'team-limited',
        key: LIMITED_KEY,
        models: ['gpt-4o-mini'],
        limits: { rpm: 2 },
      },
      { name: 'team-broke', key: BROKE_KEY, budget: { limit: '0.000001', period: 'day' } },
    ],
    admin: { token: ADMIN_TOKEN },
  };
}

/**
 * Starts fakes and a gateway on 127.0.0.1:0.
 *
 * @example
 * const fx = await startFixture();
 */
export async function startFixture(
  options: {
    patch?: (config: GatewayConfigInput) => GatewayConfigInput;
    faults?: FaultSpec[];
    chunkDelayMs?: number;
    echoKey?: 'masked' | 'full';
  } = {},
): Promise<GatewayFixture> {
  const openai = (await startFakeProvider({
    flavor: 'openai',
    keys: { [CANARY_OPENAI]: { label: 'openai-1' } },
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.chunkDelayMs !== undefined ? { chunkDelayMs: options.chunkDelayMs } : {}),
    ...(options.echoKey ? { echoKey: options.echoKey } : {}),
  } as Parameters<typeof startFakeProvider>[0])) as GatewayFixture['openai'];
  const anthropic = await startFakeProvider({
    flavor: 'anthropic',
    keys: { [CANARY_ANTHROPIC]: { label: 'anthropic-1' } },
  });
  const input = testConfig(openai.url, anthropic.url);
  const config = gatewayConfigSchema.parse(options.patch ? options.patch(input) : input);
  const logs: string[] = [];
  const accessLog: AccessLogLine[] = [];
  const running = await startGateway({
    config,
    accessLog: (line) => {
      accessLog.push(line);
      logs.push(JSON.stringify(line));
    },
    log: (level, message, data) => logs.push(JSON.stringify({ level, message, ...data })),
  });
  return {
    running,
    url: running.url,
    openai,
    anthropic,
    logs,
    accessLog,
    async close() {
      await running.close();
      await openai.close();
      await anthropic.close();
    },
  };
}

/** Raw JSON POST to the gateway. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEAM_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
