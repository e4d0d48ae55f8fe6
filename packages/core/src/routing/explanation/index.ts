export type {
  AttemptExplanation,
  CandidateExplanation,
  ExclusionCode,
  ObjectiveExplanation,
  ScorerName,
} from './explanation-types.js';
export { RoutingExplanation, type RoutingExplanationData } from './routing-explanation.js';
