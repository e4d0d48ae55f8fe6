import * as nodeCrypto from 'node:crypto';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string. The one-shot digest where Node has it (20.12+) costs half a Hash object, and a
 * virtual key is hashed on every request.
 *
 * @example
 * const digest = sha256(presented); // 32 bytes
 */
export const sha256: (text: string) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'buffer')
    : (text) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares two secrets in constant time, over their digests, so that their lengths leak nothing either.
 *
 * @example
 * if (!sameSecret(presentedToken, config.admin.token)) throw unauthorized();
 */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(sha256(presented), sha256(expected));
}
