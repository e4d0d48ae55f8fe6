import { type EmbedIntent, parseEmbedIntent } from '../embedding/embed-intent.js';
import { estimateEmbedUsage, estimateUsage } from '../estimate/estimate-usage.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import { parseIntent } from '../intent/parse-intent.js';
import type { RouterCore } from '../router/router-core.js';
import { capabilityNeeds } from '../routing/intent-needs.js';
import { type ResolvedObjective, resolveObjective } from '../routing/objective.js';
import type { RequestShape } from './prepared-request.js';
import { parseRouteOptions, type RouteOptions } from './route-options.js';

/** A request's validated inputs, before its lifetime starts. */
export interface ValidatedInputs<I> {
  intent: I;
  shape: RequestShape;
  objective: ResolvedObjective;
  options: RouteOptions;
}

/**
 * The objective to route by: the router default (resolved once) when none is given.
 *
 * @example
 * const objective = objectiveOrDefault(core, 'cost');
 */
export function objectiveOrDefault(core: RouterCore, input: unknown): ResolvedObjective {
  return input === undefined ? core.defaults.objective : resolveObjective(input);
}

/**
 * Validates a chat request's intent, objective and options (ValidationError on any bad input) and derives
 * what it needs from a provider and how much it will use.
 *
 * @example
 * const inputs = validateChat(core, intent, 'cost', undefined, false);
 */
export function validateChat(
  core: RouterCore,
  intent: unknown,
  objective: unknown,
  options: unknown,
  stream: boolean | undefined,
): ValidatedInputs<RequestIntent> {
  const parsed = parseIntent(intent);
  return {
    intent: parsed,
    objective: objectiveOrDefault(core, objective),
    options: parseRouteOptions(options),
    shape: {
      estimate: estimateUsage(parsed, { defaultOutputTokens: core.defaults.defaultOutputTokens }),
      needs: capabilityNeeds(parsed, stream ?? parsed.stream ?? false),
    },
  };
}

/**
 * Validates an embeddings request: its texts are its input tokens, it needs `embeddings` and produces no
 * output tokens.
 *
 * @example
 * const inputs = validateEmbed(core, { model: 'text-embedding-3-small', input: 'hi' }, 'cost', undefined);
 */
export function validateEmbed(
  core: RouterCore,
  intent: unknown,
  objective: unknown,
  options: unknown,
): ValidatedInputs<EmbedIntent> {
  const parsed = parseEmbedIntent(intent);
  const texts = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
  return {
    intent: parsed,
    objective: objectiveOrDefault(core, objective),
    options: parseRouteOptions(options),
    shape: { estimate: estimateEmbedUsage(texts), needs: ['embeddings'] },
  };
}

/**
 * Whether an intent given to `explain()` is an embeddings intent (it has `input` and no `messages`).
 * Reading a hostile object may throw; the caller's validation reports that.
 *
 * @example
 * isEmbedShaped({ model: 'text-embedding-3-small', input: 'hi' }); // true
 */
export function isEmbedShaped(intent: unknown): boolean {
  return typeof intent === 'object' && intent !== null && 'input' in intent && !('messages' in intent);
}
