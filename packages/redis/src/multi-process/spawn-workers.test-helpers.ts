import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./router-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** One line a worker printed. */
export type WorkerLine =
  | { ready: true }
  | { done: true }
  | { ok: true; cost: string }
  | { ok: false; category: string };

/** A running router process. */
export interface Worker {
  readonly child: ChildProcess;
  readonly lines: WorkerLine[];
  readonly stderr: string[];
  /** Resolves once the worker printed a line matching `predicate` (rejects when it exits first). */
  waitFor(predicate: (line: WorkerLine) => boolean): Promise<void>;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts a router process (node with tsx and the `@apikeyrouter/source` condition, like `npm run demo`).
 *
 * @example
 * const worker = startWorker({ redisUrl, prefix, … });
 * await worker.waitFor((line) => 'ready' in line);
 */
export function startWorker(config: Record<string, unknown>): Worker {
  const child = spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: WorkerLine[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as WorkerLine);
    } catch {
      stderr.push(text);
    }
    for (const waiter of waiters) waiter();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 50) stderr.push(chunk.toString('utf8'));
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const waiter of waiters) waiter();
    });
  });
  return {
    child,
    lines,
    stderr,
    exited,
    waitFor: (predicate) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (lines.some(predicate)) {
            waiters.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(
                `worker exited (${child.exitCode ?? child.signalCode}): ${stderr.join('').slice(-2000)}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      }),
  };
}
