export { type AffinitySource, affinityDigest } from './affinity-digest.js';
export {
  AFFINITY_DEFAULTS,
  type AffinityOptions,
  affinityOptionsSchema,
  type ResolvedAffinityOptions,
  resolveAffinityOptions,
} from './affinity-options.js';
export type { AffinityExplanation } from './affinity-types.js';
export { type AffinityRanking, PromptAffinity } from './prompt-affinity.js';
