export type {
  Admission,
  HiddenLimits,
  LimitRejectionKind,
  LimitsSnapshot,
  WindowSnapshot,
} from './hidden-limits.js';
export { KeyLimitEnforcer } from './key-limit-enforcer.js';
export { openAIStyleRateLimitHeaders } from './openai-style-headers.js';
export { SlidingWindow } from './sliding-window.js';
