import type { KeyRecord } from '../keys/key-record.js';
import type { CandidateSet } from './candidate-set.js';
import type { CandidateExplanation } from './explanation/explanation-types.js';
import { ROTATION } from './key-group.js';
import { stateExclusion } from './state-exclusion.js';

/**
 * The per-key explanation table of a set: its stored entries, then for each echo the other keys that were
 * quiet in that group at decision time (a copy of the entry they share, under their own id and label), then
 * the used keys of large groups that were not screened (code `rotation`), then every key limited to other
 * models. Keys removed or re-grouped since the decision are left out.
 *
 * @example
 * const entries = expandEntries(set, (i) => entryOf(i));
 */
export function expandEntries(
  set: CandidateSet,
  entryOf: (index: number) => CandidateExplanation,
): CandidateExplanation[] {
  const out: CandidateExplanation[] = [];
  for (let i = 0; i < set.size; i++) out.push(entryOf(i));
  const stored = set.echoes.length + set.deferred.length > 0 ? new Set<KeyRecord>(set.records) : undefined;
  for (const echo of set.echoes) {
    const shared = out[echo.index] as CandidateExplanation;
    for (const record of echo.group.quietAt(echo.epoch)) {
      if (stored?.has(record)) continue;
      const copy: CandidateExplanation = { ...shared, keyId: record.id, label: record.label };
      if (shared.scores) copy.scores = { ...shared.scores };
      out.push(copy);
    }
  }
  for (const { group, epoch, segment, screened } of set.deferred) {
    const model = (set.segments[segment] as { model: string }).model;
    const detail = `not screened: picked more recently than the ${screened} keys of its group that were (least recently picked first, until ${ROTATION.screen} were eligible)`;
    for (const record of group.usedAt(epoch)) {
      if (stored?.has(record)) continue;
      // A key out of service goes to the back of the order (see `CandidateIndex.outOfService`): its state,
      // as of this read, says more than its place.
      const state = stateExclusion(record);
      out.push({
        keyId: record.id,
        label: record.label,
        providerId: record.providerId,
        model,
        eligible: false,
        exclusion: state === undefined ? { code: 'rotation', detail } : { code: 'state', detail: state },
      });
    }
  }
  for (const { record, segment } of set.unlistedKeys()) {
    out.push({
      keyId: record.id,
      label: record.label,
      providerId: record.providerId,
      model: (set.segments[segment] as { model: string }).model,
      eligible: false,
      exclusion: { code: 'model', detail: `key is limited to ${record.models?.join(', ')}` },
    });
  }
  return out;
}
