import type { KeyRecord } from '../keys/key-record.js';
import { KEY_STATES } from '../keys/key-state-table.js';

/**
 * Why a key's state keeps a new request off it (`<state>: <reason>`), or undefined when it may take one: an
 * `available` key, or a `recovering` one with no probe in flight.
 *
 * @example
 * stateExclusion(record); // 'throttled: 429 from upstream'
 */
export function stateExclusion(record: KeyRecord): string | undefined {
  const routing = KEY_STATES[record.state].routing;
  if (routing === 'requests') return undefined;
  if (routing === 'probe') return record.inFlight > 0 ? `${record.state}: probe in flight` : undefined;
  return `${record.state}: ${record.context.reason}`;
}
