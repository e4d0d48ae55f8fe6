/**
 * What prompt-cache affinity did for a decision: `used` (the key bound to the prefix was chosen), `new` (no
 * key bound yet: normal scoring, and the key that serves it is bound), `fallback` (the bound key could not
 * take the request: normal scoring, `reason` says why).
 *
 * @example
 * res.explanation.affinity; // { digest: '3f9a1c0b7d2e', outcome: 'used', keyId: 'openai_…', reason: 'bound key has headroom 0.82' }
 */
export interface AffinityExplanation {
  /** Short digest of the affinity key (never the prompt or the key itself). */
  digest: string;
  /** Whether affinity decided. */
  outcome: 'used' | 'new' | 'fallback';
  /** The key bound to the prefix, when there is one. */
  keyId?: string;
  /** Why, in words. */
  reason: string;
}
