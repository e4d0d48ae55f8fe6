import {
  InvalidArgumentError,
  type LanguageModelV3CallOptions,
  type SharedV3Warning,
} from '@ai-sdk/provider';
import type { ObjectiveInput, RequestIntent, RouteOptions } from '@apikeyrouter/core';
import type { ApiKeyRouterCallOptions, ApiKeyRouterProviderOptions } from '../provider/provider-options.js';
import { toMessages } from './to-messages.js';

/**
 * What one AI SDK call becomes.
 *
 * @example
 * const { intent, objective, options } = toRoutedCall('gpt-4o-mini', callOptions, {}, false);
 */
export interface RoutedCall {
  intent: RequestIntent;
  objective: ObjectiveInput | undefined;
  options: RouteOptions;
  warnings: SharedV3Warning[];
}

function callSettings(options: LanguageModelV3CallOptions): ApiKeyRouterCallOptions {
  const raw = options.providerOptions?.apikeyrouter;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError({
      argument: 'providerOptions.apikeyrouter',
      message: 'must be an object',
    });
  }
  return raw as ApiKeyRouterCallOptions;
}

function parametersOf(
  options: LanguageModelV3CallOptions,
  warnings: SharedV3Warning[],
): RequestIntent['parameters'] {
  const out: NonNullable<RequestIntent['parameters']> = {};
  if (options.maxOutputTokens !== undefined) out.maxTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) out.temperature = options.temperature;
  if (options.topP !== undefined) out.topP = options.topP;
  if (options.stopSequences !== undefined) out.stop = options.stopSequences;
  if (options.seed !== undefined) out.seed = options.seed;
  if (options.presencePenalty !== undefined) out.presencePenalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) out.frequencyPenalty = options.frequencyPenalty;
  if (options.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK' });
  return Object.keys(out).length > 0 ? out : undefined;
}

function toolsOf(options: LanguageModelV3CallOptions, warnings: SharedV3Warning[]): RequestIntent['tools'] {
  if (!options.tools || options.tools.length === 0) return undefined;
  const tools: NonNullable<RequestIntent['tools']> = [];
  for (const tool of options.tools) {
    if (tool.type !== 'function') {
      warnings.push({ type: 'unsupported', feature: `provider tool ${tool.id}` });
      continue;
    }
    const out: NonNullable<RequestIntent['tools']>[number] = {
      name: tool.name,
      parameters: tool.inputSchema as Record<string, unknown>,
    };
    if (tool.description !== undefined) out.description = tool.description;
    tools.push(out);
  }
  return tools.length > 0 ? tools : undefined;
}

function toolChoiceOf(options: LanguageModelV3CallOptions): RequestIntent['toolChoice'] {
  const choice = options.toolChoice;
  if (!choice) return undefined;
  return choice.type === 'tool' ? { name: choice.toolName } : choice.type;
}

function responseFormatOf(options: LanguageModelV3CallOptions): RequestIntent['responseFormat'] {
  const format = options.responseFormat;
  if (!format || format.type === 'text') return undefined;
  if (!format.schema) return { type: 'json' };
  return {
    type: 'json_schema',
    name: format.name && /^[a-zA-Z0-9_-]{1,64}$/.test(format.name) ? format.name : 'response',
    schema: format.schema as Record<string, unknown>,
    strict: true,
  };
}

/**
 * Maps AI SDK call options onto a router intent, objective and route options. The abort signal, fallback
 * models, tags and deadline carry over; `topK` and provider-defined tools have no router equivalent and
 * come back as warnings, as the spec asks.
 *
 * @example
 * const { intent, warnings } = toRoutedCall('gpt-4o-mini', callOptions, { router }, false);
 */
export function toRoutedCall(
  modelId: string,
  options: LanguageModelV3CallOptions,
  provider: Omit<ApiKeyRouterProviderOptions, 'router'>,
  stream: boolean,
): RoutedCall {
  const warnings: SharedV3Warning[] = [];
  const call = callSettings(options);
  const intent: RequestIntent = { model: modelId, messages: toMessages(options.prompt) };
  const parameters = parametersOf(options, warnings);
  if (parameters) intent.parameters = parameters;
  const tools = toolsOf(options, warnings);
  if (tools) {
    intent.tools = tools;
    const toolChoice = toolChoiceOf(options);
    if (toolChoice) intent.toolChoice = toolChoice;
  }
  const responseFormat = responseFormatOf(options);
  if (responseFormat) intent.responseFormat = responseFormat;
  const fallbackModels = call.fallbackModels ?? provider.fallbackModels;
  if (fallbackModels && fallbackModels.length > 0) intent.fallbackModels = fallbackModels;
  const tags = { ...provider.tags, ...call.tags };
  if (Object.keys(tags).length > 0) intent.tags = tags;
  if (stream) intent.stream = true;
  const routeOptions: RouteOptions = {};
  if (options.abortSignal) routeOptions.signal = options.abortSignal;
  if (call.deadlineMs !== undefined) routeOptions.deadlineMs = call.deadlineMs;
  if (call.maxAttempts !== undefined) routeOptions.maxAttempts = call.maxAttempts;
  return { intent, objective: call.objective ?? provider.objective, options: routeOptions, warnings };
}
