import { describe, expect, it } from 'vitest';
import { ChildCache } from './child-cache.js';

describe('ChildCache', () => {
  it('makes a child once per id and starts over past its limit', () => {
    let made = 0;
    const cache = new ChildCache((label: string) => ({ label, n: ++made }), 2);
    const a = cache.get('a', 'A');
    expect(cache.get('a', 'ignored')).toBe(a);
    expect(a).toEqual({ label: 'A', n: 1 });
    cache.get('b', 'B');
    // Full at two: the third id clears the cache, so 'a' is made again.
    cache.get('c', 'C');
    expect(cache.get('a', 'A')).not.toBe(a);
    expect(made).toBe(4);
  });
});
