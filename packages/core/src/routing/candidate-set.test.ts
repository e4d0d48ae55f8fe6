import { describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { KeyRecord } from '../keys/key-record.js';
import { CandidateSet } from './candidate-set.js';

const adapter = {} as ProviderAdapter;
const record = (id: string) => ({ id, label: id, providerId: 'p' }) as unknown as KeyRecord;

describe('CandidateSet entries', () => {
  it('finds each entry segment by the segment starts, empty segments included', () => {
    const set = new CandidateSet();
    set.segment(adapter, 'empty-first');
    const a = set.segment(adapter, 'a');
    set.add(record('k0'), a);
    set.add(record('k1'), a);
    set.segment(adapter, 'empty-between');
    const b = set.segment(adapter, 'b');
    set.add(record('k2'), b);
    expect([0, 1, 2].map((i) => set.modelOf(i))).toEqual(['a', 'a', 'b']);
    expect(set.pick(2).model).toBe('b');
    expect(() => set.add(record('k3'), a)).toThrow();
  });

  it('keeps codes only up to the last excluded entry: the rest are eligible', () => {
    const set = new CandidateSet();
    const s = set.segment(adapter, 'm');
    for (let i = 0; i < 5; i++) set.add(record(`k${i}`), s);
    set.exclude(2, 'quota', 'full');
    expect([0, 1, 2, 3, 4].map((i) => set.isEligible(i))).toEqual([true, true, false, true, true]);
    expect(set.allExcludedBy('quota')).toBe(false);
    for (const i of [0, 1, 3]) set.exclude(i, 'quota', 'full');
    expect(set.allExcludedBy('quota')).toBe(false);
    set.exclude(4, 'quota', 'full');
    expect(set.allExcludedBy('quota')).toBe(true);
    expect(set.explain().map((entry) => entry.exclusion?.code)).toEqual(new Array(5).fill('quota'));
  });
});
