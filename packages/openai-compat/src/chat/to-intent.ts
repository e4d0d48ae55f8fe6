import type { ObjectiveInput, RequestIntent, RouteOptions } from '@apikeyrouter/core';
import type { ChatCompletionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import { invalidParam } from '../errors/to-openai-error.js';
import type { CallOptions, ChatParams } from './chat-params.js';
import { toMessages } from './to-messages.js';

/**
 * What one drop-in call becomes: the router's intent, objective and per-call options.
 *
 * @example
 * const { intent, objective, options } = toRoutedCall(params, {}, {});
 */
export interface RoutedCall {
  intent: RequestIntent;
  objective: ObjectiveInput | undefined;
  options: RouteOptions;
}

/**
 * Client-wide settings that apply when a call does not override them.
 *
 * @example
 * const defaults: CallDefaults = { timeout: 30_000, maxRetries: 2, objective: 'cost' };
 */
export interface CallDefaults {
  /** Default deadline (ms). */
  timeout?: number;
  /** Default most retries after the first attempt. */
  maxRetries?: number;
  /** Default objective. */
  objective?: ObjectiveInput;
}

function toTools(tools: readonly ChatCompletionTool[] | undefined): RequestIntent['tools'] {
  if (tools === undefined) return undefined;
  return tools.map((tool, i) => {
    if (tool?.type !== 'function') throw invalidParam(`tools[${i}]`, 'only function tools are supported');
    const { name, description, parameters } = tool.function;
    const out: NonNullable<RequestIntent['tools']>[number] = {
      name,
      parameters: parameters ?? { type: 'object', properties: {} },
    };
    if (description !== undefined) out.description = description;
    return out;
  });
}

function toToolChoice(choice: ChatCompletionToolChoiceOption | undefined): RequestIntent['toolChoice'] {
  if (choice === undefined || typeof choice === 'string') return choice;
  if (choice.type === 'function') return { name: choice.function.name };
  throw invalidParam('tool_choice', `tool_choice of type "${choice.type}" is not supported`);
}

function toResponseFormat(format: ChatParams['response_format']): RequestIntent['responseFormat'] {
  if (format === undefined) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, schema, strict } = format.json_schema;
      const out: RequestIntent['responseFormat'] = { type: 'json_schema', name, schema: schema ?? {} };
      return strict === null || strict === undefined ? out : { ...out, strict };
    }
    default:
      throw invalidParam('response_format', 'unsupported response_format type');
  }
}

function toParameters(params: ChatParams): RequestIntent['parameters'] {
  const out: NonNullable<RequestIntent['parameters']> = {};
  const maxTokens = params.max_completion_tokens ?? params.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) out.maxTokens = maxTokens;
  if (params.temperature !== undefined && params.temperature !== null) out.temperature = params.temperature;
  if (params.top_p !== undefined && params.top_p !== null) out.topP = params.top_p;
  if (params.stop !== undefined && params.stop !== null)
    out.stop = typeof params.stop === 'string' ? [params.stop] : params.stop;
  if (params.seed !== undefined && params.seed !== null) out.seed = params.seed;
  if (params.presence_penalty !== undefined && params.presence_penalty !== null)
    out.presencePenalty = params.presence_penalty;
  if (params.frequency_penalty !== undefined && params.frequency_penalty !== null)
    out.frequencyPenalty = params.frequency_penalty;
  if (params.user !== undefined) out.user = params.user;
  return Object.keys(out).length > 0 ? out : undefined;
}

function refuseUnsupported(params: ChatParams): void {
  if (params.n !== undefined && params.n !== null && params.n !== 1)
    throw invalidParam('n', 'only n = 1 is supported');
  if (params.logprobs === true) throw invalidParam('logprobs', 'logprobs are not supported');
  if (params.audio !== undefined && params.audio !== null)
    throw invalidParam('audio', 'audio output is not supported');
  if (params.functions !== undefined) throw invalidParam('functions', 'use tools instead of functions');
  if (params.retries !== undefined && !(Number.isInteger(params.retries) && params.retries >= 0))
    throw invalidParam('retries', 'retries must be an integer ≥ 0');
}

function withDefined<T extends object>(target: T, key: keyof T, value: T[keyof T] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Maps the `openai` SDK's chat-completion parameters (plus `fallback_models`, `retries`, `objective`) onto
 * a router intent. `metadata` becomes the intent's tags (for budgets by tag). Parameters that would change
 * the answer's meaning and that the router cannot honour (`n > 1`, `logprobs`, audio, legacy `functions`)
 * are refused with a `BadRequestError` rather than ignored.
 *
 * @example
 * const { intent, objective, options } = toRoutedCall({ model: 'gpt-4o-mini', messages, retries: 1 }, {}, {});
 */
export function toRoutedCall(params: ChatParams, call: CallOptions, defaults: CallDefaults): RoutedCall {
  if (typeof params !== 'object' || params === null) throw invalidParam('body', 'params must be an object');
  refuseUnsupported(params);
  const intent: RequestIntent = { model: params.model, messages: toMessages(params.messages) };
  withDefined(intent, 'parameters', toParameters(params));
  withDefined(intent, 'tools', toTools(params.tools));
  withDefined(intent, 'toolChoice', toToolChoice(params.tool_choice));
  withDefined(intent, 'responseFormat', toResponseFormat(params.response_format));
  withDefined(intent, 'fallbackModels', params.fallback_models);
  if (params.metadata) intent.tags = { ...params.metadata };
  if (params.stream === true) intent.stream = true;
  const options: RouteOptions = {};
  withDefined(options, 'signal', call.signal);
  withDefined(options, 'deadlineMs', call.timeout ?? defaults.timeout);
  const retries = params.retries ?? call.maxRetries ?? defaults.maxRetries;
  if (retries !== undefined) options.maxAttempts = retries + 1;
  return { intent, objective: params.objective ?? defaults.objective, options };
}
