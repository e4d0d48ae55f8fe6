import { z } from 'zod';
import { parseUntrusted } from '../intent/parse-untrusted.js';
import { KEY_STATE_NAMES, type KeyStateName } from '../keys/key-state-table.js';
import type { PersistedKeyState } from '../store/key-store.js';
import type { RouterCore } from './router-core.js';

/**
 * The router's key states as plain JSON, without any key material: for backups, debugging, or warming a new
 * instance (`router.restore(snapshot)` after registering the same keys).
 *
 * @example
 * ```ts
 * const snapshot: RouterSnapshot = router.snapshot();
 * await writeFile('keys.json', JSON.stringify(snapshot));
 * // later, in a new process, after registering the same keys:
 * router.restore(JSON.parse(await readFile('keys.json', 'utf8')) as RouterSnapshot);
 * ```
 */
export interface RouterSnapshot {
  /** Format version. */
  version: 1;
  /** Epoch ms when taken. */
  takenAt: number;
  /** One entry per key. */
  keys: Array<PersistedKeyState & { label: string }>;
}

const states = KEY_STATE_NAMES as readonly [KeyStateName, ...KeyStateName[]];
const triggers = [
  'success',
  'failure',
  'rate_limit',
  'quota_exhausted',
  'auth_failure',
  'timer',
  'operator',
  'rotation',
  'restore',
] as const;

/** Validates snapshots given to `router.restore()` (they often come from files or other processes). */
export const routerSnapshotSchema = z.object({
  version: z.literal(1),
  takenAt: z.number(),
  keys: z.array(
    z.object({
      keyId: z.string().min(1),
      providerId: z.string().min(1),
      label: z.string(),
      state: z.enum(states),
      context: z.object({
        consecutiveFailures: z.number().int().min(0),
        openCount: z.number().int().min(0),
        until: z.number().optional(),
        reason: z.string(),
      }),
      stateSince: z.number(),
      version: z.number().int().min(0),
      history: z.array(
        z.object({
          keyId: z.string(),
          from: z.enum(states),
          to: z.enum(states),
          trigger: z.enum(triggers),
          reason: z.string(),
          at: z.number(),
          until: z.number().optional(),
        }),
      ),
    }),
  ),
});

/**
 * Key states as JSON, without material. See `ApiKeyRouter.snapshot`.
 *
 * @example
 * const snapshot = takeSnapshot(core);
 */
export function takeSnapshot(core: RouterCore): RouterSnapshot {
  const keys = [];
  for (const record of core.registry.all())
    keys.push({ ...core.registry.persisted(record), label: record.label });
  return { version: 1, takenAt: core.clock.now(), keys };
}

/**
 * Applies a snapshot to the keys registered with the same ids; returns how many applied. See
 * `ApiKeyRouter.restore`.
 *
 * @example
 * restoreSnapshot(core, JSON.parse(text));
 */
export function restoreSnapshot(core: RouterCore, snapshot: unknown): number {
  const parsed = parseUntrusted(routerSnapshotSchema, snapshot, 'router snapshot', 'snapshot');
  let applied = 0;
  for (const entry of parsed.keys) {
    const record = core.registry.get(entry.keyId);
    if (!record) continue;
    core.registry.restoreFrom(record, entry, core.clock.now());
    applied++;
  }
  return applied;
}
