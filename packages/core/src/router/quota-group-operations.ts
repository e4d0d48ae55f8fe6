import { z } from 'zod';
import { parseUntrusted } from '../intent/parse-untrusted.js';
import type { DeclaredLimits, QuotaGroupInfo } from '../quota/index.js';
import { declaredLimitsSchema, quotaGroupNameSchema } from './key-options-schema.js';
import type { RouterCore } from './router-core.js';

/**
 * Options of `router.setQuotaGroup`.
 *
 * @example
 * const options: QuotaGroupOptions = { limits: { rpm: 500, tpm: 200_000 } };
 */
export interface QuotaGroupOptions {
  /**
   * Limits the provider enforces on the whole group, same shape as a key's declared limits. Absent: the
   * group's declaration is removed (learned limits stay; the group lives on while it has keys).
   * @example { rpm: 500, tpm: 200_000 }
   */
  limits?: DeclaredLimits;
}

const argumentsSchema = z.strictObject({
  name: quotaGroupNameSchema,
  options: z.strictObject({ limits: declaredLimitsSchema.optional() }),
});

/**
 * Declares (or clears) a quota group's limits. See `ApiKeyRouter.setQuotaGroup`.
 *
 * @example
 * await setQuotaGroup(core, 'org-a', { limits: { rpm: 500 } });
 */
export async function setQuotaGroup(
  core: RouterCore,
  name: string,
  options: QuotaGroupOptions,
): Promise<QuotaGroupInfo> {
  const parsed = parseUntrusted(argumentsSchema, { name, options }, 'quota group');
  const limits = parsed.options.limits as DeclaredLimits | undefined;
  core.quota.groups.setLimits(parsed.name, limits);
  return core.quota.groups.get(parsed.name) ?? { name: parsed.name, keyIds: [] };
}
