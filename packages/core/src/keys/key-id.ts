import { createHash } from 'node:crypto';

/**
 * A stable id for a key: provider id plus a short SHA-256 digest of the material. 48 bits of a digest of a
 * high-entropy key reveal nothing usable, and the same key always gets the same id across restarts and
 * instances, which shared stores rely on.
 *
 * @example
 * deriveKeyId('openai', 'sk-…'); // 'openai_3f9a1c0b7d2e'
 */
export function deriveKeyId(providerId: string, material: string): string {
  const digest = createHash('sha256').update(providerId).update('\0').update(material).digest('hex');
  return `${providerId}_${digest.slice(0, 12)}`;
}
