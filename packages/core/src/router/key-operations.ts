import { guardAdapter, type ProviderAdapter } from '@apikeyrouter/provider';
import { ValidationError } from '../errors/specific-errors.js';
import { deriveKeyId } from '../keys/key-id.js';
import type { KeyInfo, KeyOptions } from '../keys/key-info.js';
import { KeyRecord } from '../keys/key-record.js';
import type { KeyTransition } from '../keys/key-state.js';
import { Secret } from '../keys/secret.js';
import { assertAdapter, assertProviderId, parseKeyArguments } from './key-options-schema.js';
import type { RouterCore } from './router-core.js';

/** Resolves once the key has no request in flight. */
function drain(record: KeyRecord): Promise<void> {
  if (record.inFlight === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    if (!record.drainWaiters) record.drainWaiters = [];
    record.drainWaiters.push(resolve);
  });
}

/**
 * Registers a key (or updates the options of one registered with the same material). See
 * `ApiKeyRouter.registerKey`.
 *
 * @example
 * const info = await registerKey(core, 'sk-…', 'openai', { label: 'prod' });
 */
export async function registerKey(
  core: RouterCore,
  material: string,
  providerId: string,
  options: KeyOptions,
): Promise<KeyInfo> {
  const parsed = parseKeyArguments(material, providerId, options);
  if (!core.providers.has(providerId)) {
    throw new ValidationError(`No adapter registered for provider "${providerId}"`, [
      { path: 'providerId', message: 'call registerProvider first' },
    ]);
  }
  const derived = deriveKeyId(providerId, material);
  const id = core.aliases.get(derived) ?? derived;
  const existing = core.registry.get(id);
  if (existing) {
    if (parsed.label !== undefined) existing.label = parsed.label;
    if (parsed.models !== undefined) existing.models = parsed.models;
    if (parsed.weight !== undefined) existing.weight = parsed.weight;
    if (parsed.tags !== undefined) existing.tags = parsed.tags;
    if (parsed.limits !== undefined) {
      existing.limits = parsed.limits;
      core.quota.setDeclaredLimits(id, parsed.limits);
    }
    if (parsed.quotaGroup !== undefined) {
      existing.quotaGroup = parsed.quotaGroup ?? undefined;
      core.quota.groups.assign(id, existing.quotaGroup);
    }
    // After every option above: models, limits, weight, tags and quota group decide the key's routing group.
    core.registry.reindex(existing);
    return existing.toInfo();
  }
  const record = new KeyRecord({
    id,
    providerId,
    label: parsed.label ?? id,
    secret: new Secret(material),
    ...(parsed.models ? { models: parsed.models } : {}),
    ...(parsed.limits ? { limits: parsed.limits } : {}),
    weight: parsed.weight ?? 1,
    tags: parsed.tags ?? {},
    ...(parsed.quotaGroup ? { quotaGroup: parsed.quotaGroup } : {}),
    now: core.clock.now(),
  });
  core.redactor.add(material);
  core.quota.registerKey(id, parsed.limits);
  if (record.quotaGroup !== undefined) core.quota.groups.assign(id, record.quotaGroup);
  await core.registry.add(record);
  return record.toInfo();
}

/**
 * Drains a key, then swaps its material. See `ApiKeyRouter.rotateKey`.
 *
 * @example
 * await rotateKey(core, key.id, 'sk-new…');
 */
export async function rotateKey(core: RouterCore, keyId: string, newMaterial: string): Promise<KeyInfo> {
  const record = core.registry.require(keyId);
  parseKeyArguments(newMaterial, record.providerId, {});
  core.redactor.add(newMaterial);
  core.aliases.set(deriveKeyId(record.providerId, newMaterial), record.id);
  if (record.state === 'disabled') {
    record.secret = new Secret(newMaterial);
    return record.toInfo();
  }
  const now = core.clock.now();
  core.registry.send(record, { type: 'DRAIN', at: now, reason: 'rotation requested' }, 'rotation');
  await drain(record);
  record.secret = new Secret(newMaterial);
  core.registry.send(record, { type: 'DRAINED', at: core.clock.now(), reason: 'rotated' }, 'rotation');
  return record.toInfo();
}

/**
 * Drains a key, then forgets it. See `ApiKeyRouter.removeKey`.
 *
 * @example
 * await removeKey(core, key.id);
 */
export async function removeKey(core: RouterCore, keyId: string): Promise<boolean> {
  const record = core.registry.get(keyId);
  if (!record) return false;
  record.removing = true;
  core.registry.send(
    record,
    { type: 'DRAIN', at: core.clock.now(), reason: 'removal requested' },
    'operator',
  );
  await drain(record);
  core.registry.delete(record);
  core.quota.removeKey(record.id);
  return true;
}

/**
 * Sends an operator event (disable or enable) to a key's machine. See `ApiKeyRouter.disableKey`.
 *
 * @example
 * await setKeyEnabled(core, key.id, false, 'suspected leak');
 */
export async function setKeyEnabled(
  core: RouterCore,
  keyId: string,
  enabled: boolean,
  reason: string,
): Promise<KeyInfo> {
  const record = core.registry.require(keyId);
  core.registry.send(
    record,
    { type: enabled ? 'ENABLE' : 'DISABLE', at: core.clock.now(), reason },
    'operator',
  );
  return record.toInfo();
}

/**
 * One key's public info with its timed state brought up to date, or undefined for an unknown id.
 *
 * @example
 * keyInfo(core, key.id)?.state;
 */
export function keyInfo(core: RouterCore, keyId: string): KeyInfo | undefined {
  const record = core.registry.get(keyId);
  if (!record) return undefined;
  core.registry.refresh(record, core.clock.now());
  return record.toInfo();
}

/**
 * Every key's public info, timed states brought up to date.
 *
 * @example
 * listKeyInfo(core).map((k) => k.state);
 */
export function listKeyInfo(core: RouterCore): KeyInfo[] {
  const now = core.clock.now();
  const out: KeyInfo[] = [];
  for (const record of core.registry.all()) {
    core.registry.refresh(record, now);
    out.push(record.toInfo());
  }
  return out;
}

/**
 * A key's bounded audit trail, oldest first, as copies.
 *
 * @example
 * keyHistory(core, key.id).length;
 */
export function keyHistory(core: RouterCore, keyId: string): KeyTransition[] {
  const record = core.registry.require(keyId);
  return (record.history ?? []).map((transition) => ({ ...transition }));
}

/**
 * Registers (or replaces) the adapter of a provider id, guarded so nothing it throws escapes untyped.
 *
 * @example
 * registerProvider(core, 'groq', groq());
 */
export function registerProvider(core: RouterCore, providerId: string, adapter: ProviderAdapter): void {
  assertProviderId(providerId);
  assertAdapter(adapter);
  core.providers.set(providerId, guardAdapter(adapter));
}
