import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sameSecret, sha256 } from './secret-digest.js';

describe('secret digests', () => {
  it('sha256 is the SHA-256 of the UTF-8 text', () => {
    for (const text of ['', 'akr-team-search', 'clé-ünïcode-🔑']) {
      expect(sha256(text).equals(createHash('sha256').update(text, 'utf8').digest())).toBe(true);
    }
  });

  it('sameSecret tells equal secrets from different ones, whatever their lengths', () => {
    expect(sameSecret('admin-token', 'admin-token')).toBe(true);
    expect(sameSecret('admin-token', 'admin-tokeN')).toBe(false);
    expect(sameSecret('admin', 'admin-token')).toBe(false);
    expect(sameSecret('', 'admin-token')).toBe(false);
  });
});
