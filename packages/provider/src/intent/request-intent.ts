import type { Message } from './message.js';

/**
 * A tool the model may call: a name and a JSON Schema for its arguments.
 *
 * @example
 * const tool: ToolDefinition = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
 */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/**
 * How the model should pick tools.
 *
 * @example
 * const choice: ToolChoice = { name: 'get_weather' };
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/**
 * Requested output format.
 *
 * @example
 * const format: ResponseFormat = { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true };
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

/**
 * Sampling and length parameters.
 *
 * @example
 * const parameters: GenerationParameters = { maxTokens: 200, temperature: 0.2 };
 */
export interface GenerationParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  user?: string;
}

/**
 * What the caller wants: a model (plain, or `provider/model`), the conversation and options. Provider-neutral.
 * Adapters receive it already validated by the router; this plain type is what they compile against, and a
 * type test in core proves it equals the router's schema-inferred type.
 *
 * @example
 * const intent: RequestIntent = {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello' }],
 *   parameters: { maxTokens: 100 },
 *   fallbackModels: ['anthropic/claude-3-5-haiku'],
 *   tags: { team: 'search' },
 * };
 */
export interface RequestIntent {
  model: string;
  messages: Message[];
  parameters?: GenerationParameters;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  stream?: boolean;
  providerId?: string;
  fallbackModels?: string[];
  tags?: Record<string, string>;
  deadlineMs?: number;
  idempotencyKey?: string;
  /**
   * Admission priority when keys are saturated: `interactive` (default) waiters are served before `batch`
   * ones, and may displace a waiting `batch` request when the wait queue is full.
   */
  priority?: 'interactive' | 'batch';
  /** Requests with the same key stay on one API key while it has headroom (prompt-cache affinity). */
  affinityKey?: string;
}
