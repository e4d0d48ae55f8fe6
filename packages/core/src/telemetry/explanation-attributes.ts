import type { Attributes } from '@opentelemetry/api';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { ATTR } from './attribute-names.js';

/**
 * Span attributes of a routing decision: objective, the chosen key with its score, the runner-up and margin,
 * candidate counts and exclusions by reason. Only ids, names and numbers: no exclusion details (they can quote an
 * upstream's words) and no key labels.
 *
 * @example
 * span.setAttributes(explanationAttributes(res.explanation));
 */
export function explanationAttributes(explanation: RoutingExplanation): Attributes {
  const attributes: Attributes = {
    [ATTR.objective]: explanation.objective.name,
    [ATTR.candidates]: explanation.candidates.length,
  };
  const chosen = explanation.chosen;
  if (chosen) {
    attributes[ATTR.keyId] = chosen.keyId;
    if (chosen.total !== undefined) attributes[ATTR.score] = chosen.total;
  }
  if (explanation.runnerUpKeyId !== undefined) attributes[ATTR.runnerUpKeyId] = explanation.runnerUpKeyId;
  if (explanation.margin !== undefined) attributes[ATTR.margin] = explanation.margin;
  if (explanation.fallbackModels.length > 0)
    attributes[ATTR.fallbackModels] = [...explanation.fallbackModels];
  for (const [code, count] of Object.entries(explanation.exclusionCounts())) {
    attributes[`${ATTR.excludedPrefix}${code}`] = count;
  }
  return attributes;
}
