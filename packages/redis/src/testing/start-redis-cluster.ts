import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findRedisServer, freePort, launch, stopChild } from './start-redis-server.js';

const SLOTS = 16_384;
const READY_TIMEOUT_MS = 30_000;
/** How often the MEETs are sent again while the cluster is not formed. */
const MEET_AGAIN_MS = 2_000;

/**
 * A Redis Cluster of `redis-server` children on 127.0.0.1 (masters only, slots split evenly), for tests.
 *
 * @example
 * const cluster = await startRedisCluster(3);
 * const stores = await createRedisStores({ cluster: { nodes: cluster.nodes } });
 * await cluster.stop();
 */
export interface RedisClusterHandle {
  /** The masters' addresses, in slot order. @example [{ host: '127.0.0.1', port: 40123 }] */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  /** Stops every node and removes the cluster config files; resolves once all exited. */
  stop(): Promise<void>;
}

/**
 * Starts `size` cluster-enabled `redis-server`s (persistence off, config files in a fresh temp dir), splits
 * the 16,384 slots between them, joins them with CLUSTER MEET and waits until every node reports
 * `cluster_state:ok` and knows every other one. Throws (never skips) when `redis-server` is missing; stops
 * what it started when anything fails.
 *
 * @example
 * const cluster = await startRedisCluster(3);
 * try { … } finally { await cluster.stop(); }
 */
export async function startRedisCluster(size: number): Promise<RedisClusterHandle> {
  const binary = findRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'akr-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: Array<{ host: string; port: number }> = [];
  const buses: number[] = [];
  const kill = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  const stop = async (): Promise<void> => {
    process.off('exit', kill);
    await Promise.all(children.map((child) => stopChild(child)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let n = 0; n < size; n++) {
      const port = await distinctFreePort(nodes, buses);
      // The bus port defaults to port + 10,000, which may be taken or out of range: pick a free one too, and
      // not one just handed out for another node that has not bound it yet.
      const bus = await distinctFreePort([...nodes, { host: '127.0.0.1', port }], buses);
      const flags = ['--cluster-enabled', 'yes', '--cluster-port', String(bus)];
      flags.push('--cluster-config-file', join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '5000');
      children.push(await launch(binary, port, flags));
      nodes.push({ host: '127.0.0.1', port });
      buses.push(bus);
    }
    await formCluster(nodes, buses);
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function formCluster(
  nodes: ReadonlyArray<{ host: string; port: number }>,
  buses: readonly number[],
): Promise<void> {
  const admins = nodes.map((node) => new Redis({ ...node, lazyConnect: true, maxRetriesPerRequest: 1 }));
  for (const admin of admins) admin.on('error', () => undefined);
  try {
    await Promise.all(admins.map((admin) => admin.connect()));
    const share = Math.ceil(SLOTS / nodes.length);
    for (const [n, admin] of admins.entries()) {
      const first = n * share;
      const last = Math.min(SLOTS, first + share) - 1;
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(last));
    }
    const meet = async (): Promise<void> => {
      const first = admins[0];
      if (first === undefined) return;
      for (let n = 1; n < nodes.length; n++) {
        const node = nodes[n];
        if (node !== undefined)
          await first.call('CLUSTER', 'MEET', node.host, String(node.port), String(buses[n]));
      }
    };
    await meet();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let nextMeet = Date.now() + MEET_AGAIN_MS;
    for (;;) {
      const states = await Promise.all(admins.map((admin) => clusterState(admin, nodes.length)));
      if (states.every((state) => state.ready)) return;
      if (Date.now() > deadline) {
        const seen = states.map((state, n) => `${nodes[n]?.port}: ${state.summary}`).join('; ');
        throw new Error(`redis cluster of ${nodes.length} not ready after ${READY_TIMEOUT_MS} ms (${seen})`);
      }
      // A handshake lost on a busy machine is not retried by the nodes themselves: MEET is idempotent.
      if (Date.now() > nextMeet) {
        nextMeet = Date.now() + MEET_AGAIN_MS;
        await meet();
      }
      // Gossip needs a few cluster cron ticks (100 ms each); poll without busy-waiting.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    for (const admin of admins) admin.disconnect();
  }
}

/** Whether a node sees the cluster as ok with every node known and every slot assigned, and what it sees. */
async function clusterState(admin: Redis, size: number): Promise<{ ready: boolean; summary: string }> {
  const info = String(await admin.call('CLUSTER', 'INFO'));
  const state = info.match(/cluster_state:(\w+)/)?.[1] ?? '?';
  const known = Number(info.match(/cluster_known_nodes:(\d+)/)?.[1] ?? 0);
  const assigned = Number(info.match(/cluster_slots_assigned:(\d+)/)?.[1] ?? 0);
  return {
    ready: state === 'ok' && known === size && assigned === SLOTS,
    summary: `state ${state}, ${known} nodes known, ${assigned} slots`,
  };
}

/** A free port that is none of the ports already handed out (they may not be bound yet). */
async function distinctFreePort(
  nodes: ReadonlyArray<{ port: number }>,
  buses: readonly number[],
): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!buses.includes(port) && !nodes.some((node) => node.port === port)) return port;
  }
}
