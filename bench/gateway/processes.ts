import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

let started = 0;

/**
 * Starts a process and resolves once its stdout matches `ready` (group 1 = its URL). Its stdout goes to a
 * temporary file, not to a pipe this process drains: our gateway writes an access-log line per request, and
 * reading them here would put that work inside the load generator's timing loop (the other targets log
 * nothing). The gateway still pays for every write.
 */
function startChild(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<Child> {
  const outFile = join(tmpdir(), `akr-bench-out-${process.pid}-${++started}.log`);
  const out = openSync(outFile, 'w');
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', out, 'inherit'],
    env: { ...process.env, ...env },
  });
  closeSync(out);
  const cleanUp = () => rmSync(outFile, { force: true });
  process.once('exit', cleanUp);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      clearInterval(poll);
      reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${readFileSync(outFile, 'utf8')}`));
    };
    const poll = setInterval(() => {
      const match = ready.exec(readFileSync(outFile, 'utf8'));
      if (!match?.[1]) return;
      clearInterval(poll);
      child.off('exit', onExit);
      resolve({
        url: match[1],
        cpuMs: () => cpuMsOf(child.pid),
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => {
              cleanUp();
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    }, 25);
    child.once('exit', onExit);
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const tsx = ['--conditions=@apikeyrouter/source', '--import', 'tsx'];

/**
 * Node.js flags given to every gateway process alike (ours, the bare proxy and Portkey), from
 * `--node-flags="…"` on the command line: a V8 setting that helps one gateway must be measured on all three.
 */
export const gatewayNodeFlags: string[] = (
  process.argv.find((arg) => arg.startsWith('--node-flags='))?.slice('--node-flags='.length) ?? ''
)
  .split(' ')
  .filter(Boolean);

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
    [...gatewayNodeFlags, ...tsx, cli, 'serve', '--config', file, '--port', '0'],
    /listening on (http:\/\/\S+)/,
  );
}

/** The floor: a bare `node:http` + undici proxy over the same keys (see bare-proxy.ts). */
export function startBareProxy(upstream: string): Promise<Child> {
  return startChild(
    node,
    [...gatewayNodeFlags, ...tsx, join(here, 'bare-proxy.ts'), upstream],
    /listening on (http:\/\/\S+)/,
  );
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
  const child = await startChild(
    node,
    [...gatewayNodeFlags, entry, `--port=${port}`, '--headless'],
    /(Ready for connections)/,
    {
      NODE_ENV: 'production',
    },
  );
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
