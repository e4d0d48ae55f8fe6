import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { deriveKeyId } from './key-id.js';
import { Redactor } from './redactor.js';
import { Secret } from './secret.js';

const material = 'sk-canary-0123456789abcdef';

describe('Secret', () => {
  it('never prints its material', () => {
    const secret = new Secret(material);
    for (const text of [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }),
    ]) {
      expect(text).not.toContain(material);
      expect(text).toContain('[redacted]');
    }
    expect(secret.reveal()).toBe(material);
    expect(secret.equals(material)).toBe(true);
  });
});

describe('deriveKeyId', () => {
  it('is stable, provider-scoped and does not contain the material', () => {
    const id = deriveKeyId('openai', material);
    expect(id).toBe(deriveKeyId('openai', material));
    expect(id).not.toBe(deriveKeyId('groq', material));
    expect(id).toMatch(/^openai_[0-9a-f]{12}$/);
    expect(id).not.toContain(material.slice(3, 12));
  });
});

describe('Redactor', () => {
  it('scrubs known materials from text and nested data', () => {
    const redactor = new Redactor();
    redactor.add(material);
    expect(redactor.scrub(`Incorrect API key provided: ${material}.`)).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(redactor.scrubData({ a: [{ b: material }], n: 1 })).toEqual({ a: [{ b: '[redacted]' }], n: 1 });
  });

  it('ignores materials too short to redact safely', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    expect(redactor.scrub('abc def')).toBe('abc def');
  });
});
