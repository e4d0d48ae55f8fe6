/**
 * Attribute names: the OpenTelemetry GenAI semantic conventions where they have a name, `apikeyrouter.*` for what
 * only a router knows. Values never hold key material, prompts or answers.
 *
 * @example
 * span.setAttribute(ATTR.keyId, 'openai_3f9a1c0b7d2e');
 */
export const ATTR = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
  requestId: 'apikeyrouter.request_id',
  keyId: 'apikeyrouter.key_id',
  stream: 'apikeyrouter.stream',
  objective: 'apikeyrouter.objective',
  score: 'apikeyrouter.score',
  margin: 'apikeyrouter.margin',
  runnerUpKeyId: 'apikeyrouter.runner_up_key_id',
  attempts: 'apikeyrouter.attempts',
  attempt: 'apikeyrouter.attempt',
  waitedMs: 'apikeyrouter.waited_ms',
  cost: 'apikeyrouter.cost',
  costCurrency: 'apikeyrouter.cost.currency',
  costKnown: 'apikeyrouter.cost.known',
  candidates: 'apikeyrouter.candidates',
  /** Prefix: `apikeyrouter.excluded.<reason>` holds how many candidates that reason excluded. */
  excludedPrefix: 'apikeyrouter.excluded.',
  fallbackModels: 'apikeyrouter.fallback_models',
  keyState: 'apikeyrouter.key.state',
  fromState: 'apikeyrouter.key.from_state',
  trigger: 'apikeyrouter.key.trigger',
  budgetId: 'apikeyrouter.budget.id',
  budgetName: 'apikeyrouter.budget.name',
  budgetScope: 'apikeyrouter.budget.scope',
} as const;

/**
 * GenAI operation names the router performs.
 *
 * @example
 * const operation: GenAIOperation = 'embeddings';
 */
export type GenAIOperation = 'chat' | 'embeddings';
