import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_KEYS, BENCH_VIRTUAL_KEY } from './bench-keys.js';

/** A child process started by the benchmark. */
export interface Child {
  url: string;
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** CPU ms of a process from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Starts a process and resolves once a line of its stdout matches `ready` (group 1 = its URL). */
function startChild(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<Child> {
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (data: Buffer) => {
      out += data.toString();
      const match = ready.exec(out);
      if (match?.[1]) {
        // Stop buffering: keep draining stdout so a chatty child never blocks on a full pipe.
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({
          url: match[1],
          cpuMs: () => cpuMsOf(child.pid),
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${out}`)),
    );
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const tsx = ['--conditions=@apikeyrouter/source', '--import', 'tsx'];

/** The shared upstream (simulated OpenAI). */
export function startUpstream(): Promise<Child> {
  return startChild(node, [...tsx, join(here, 'upstream.ts')], /upstream (http:\/\/\S+)/);
}

/** ApiKeyRouter's gateway through its CLI, over the four upstream keys. */
export function startOurGateway(upstream: string): Promise<Child> {
  const file = join(tmpdir(), `akr-bench-gateway-${process.pid}.yaml`);
  writeFileSync(
    file,
    `providers:
  openai: { adapter: openai, baseURL: "${upstream}/v1" }
keys:
${BENCH_KEYS.map((key, i) => `  - { provider: openai, key: "${key}", label: bench-${i} }`).join('\n')}
virtualKeys:
  - { name: bench, key: "${BENCH_VIRTUAL_KEY}" }
`,
  );
  // The config holds bench keys only, but the temp folder should not keep one file per run.
  process.once('exit', () => rmSync(file, { force: true }));
  const cli = join(here, '../../packages/server/src/cli/main.ts');
  return startChild(
    node,
    [...tsx, cli, 'serve', '--config', file, '--port', '0'],
    /listening on (http:\/\/\S+)/,
  );
}

/** The floor: a bare `node:http` + undici proxy over the same keys (see bare-proxy.ts). */
export function startBareProxy(upstream: string): Promise<Child> {
  return startChild(node, [...tsx, join(here, 'bare-proxy.ts'), upstream], /listening on (http:\/\/\S+)/);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Portkey's open-source gateway (`@portkey-ai/gateway`), headless, in its own process. */
export async function startPortkey(): Promise<Child> {
  const port = await freePort();
  const entry = join(here, '../../node_modules/@portkey-ai/gateway/build/start-server.js');
  const child = await startChild(node, [entry, `--port=${port}`, '--headless'], /(Ready for connections)/, {
    NODE_ENV: 'production',
  });
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/** Portkey's loadbalance config over the same keys, sent as `x-portkey-config`. */
export function portkeyConfig(upstream: string): string {
  return JSON.stringify({
    strategy: { mode: 'loadbalance' },
    targets: BENCH_KEYS.map((key) => ({
      provider: 'openai',
      api_key: key,
      custom_host: `${upstream}/v1`,
      weight: 1,
    })),
  });
}
