import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withConfigReference } from './gateway-doc.js';

describe('docs/gateway.md', () => {
  it('carries the config reference generated from the schema (run `npm run docs:gateway` after changes)', () => {
    const file = join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/gateway.md');
    const doc = readFileSync(file, 'utf8');
    expect(withConfigReference(doc)).toBe(doc);
    expect(doc).toContain('| `virtualKeys[].limits.rpm` |');
  });
});
