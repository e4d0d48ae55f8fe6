import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const INSTALL_HINT = 'redis-server not found: apt-get install -y redis-server';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;
/** Last output lines kept for error messages (bounded). */
const LOG_LINES = 20;

/**
 * A `redis-server` child process on 127.0.0.1, for tests and benchmarks.
 *
 * @example
 * const redis = await startRedisServer();
 * const stores = await createRedisStores({ url: redis.url });
 * await redis.stop();
 */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>`. @example 'redis://127.0.0.1:40123' */
  readonly url: string;
  /** The loopback port. @example 40123 */
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s); resolves once it exited. */
  stop(): Promise<void>;
  /** Stops the server and starts a new, empty one on the same port (a Redis restart: every key is gone). */
  restart(): Promise<void>;
}

/**
 * Finds the `redis-server` binary: `$REDIS_SERVER`, else the first one on `$PATH`. Throws with the install
 * command when there is none — tests never skip for a missing Redis (under CI or not).
 *
 * @example
 * findRedisServer(); // '/usr/bin/redis-server'
 */
export function findRedisServer(): string {
  const explicit = process.env.REDIS_SERVER;
  if (explicit !== undefined && explicit !== '') {
    if (existsSync(explicit)) return explicit;
    throw new Error(`${INSTALL_HINT} (REDIS_SERVER=${explicit} does not exist)`);
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    process.env.CI === 'true' ? `${INSTALL_HINT} (CI=true: Redis tests never skip)` : INSTALL_HINT,
  );
}

/**
 * A loopback port free at the time of asking.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns one `redis-server` on 127.0.0.1:`port` with persistence off and resolves once it accepts
 * connections; `extra` arguments are appended (the cluster fixture adds its cluster flags).
 *
 * @example
 * const child = await launch(findRedisServer(), 40123, ['--cluster-enabled', 'yes']);
 */
export function launch(binary: string, port: number, extra: readonly string[] = []): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', tmpdir(), '--daemonize', 'no', '--loglevel', 'notice', ...extra);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`redis-server on port ${port} not ready after ${READY_TIMEOUT_MS} ms:\n${log.join('\n')}`),
      );
    }, READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        log.push(line);
        if (log.length > LOG_LINES) log.shift();
        if (line.includes('Ready to accept connections')) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.stdout?.resume();
          resolve(child);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${INSTALL_HINT} (${error.message})`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${log.join('\n')}`));
    });
  });
}

/**
 * Stops a `redis-server` child: SIGTERM, then SIGKILL after 2 s; resolves once it exited.
 *
 * @example
 * await stopChild(child);
 */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a real `redis-server` on a free loopback port with persistence off (`--save '' --appendonly no`) and
 * waits until it accepts connections. Throws (never skips) when `redis-server` is missing.
 *
 * @example
 * const redis = await startRedisServer();
 * try { … } finally { await redis.stop(); }
 */
export async function startRedisServer(): Promise<RedisServerHandle> {
  const binary = findRedisServer();
  let lastError: unknown;
  // The free port can be taken between probing and binding; a few tries make that race harmless.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      let child = await launch(binary, port);
      const exitHandler = (): void => {
        child.kill('SIGKILL');
      };
      process.once('exit', exitHandler);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: async () => {
          process.off('exit', exitHandler);
          await stopChild(child);
        },
        restart: async () => {
          await stopChild(child);
          child = await launch(binary, port);
        },
      };
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message.startsWith(INSTALL_HINT)) throw error;
    }
  }
  throw lastError;
}
