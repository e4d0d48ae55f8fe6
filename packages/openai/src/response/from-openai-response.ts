import { type AdapterResponse, RouterError, type ToolCall } from '@apikeyrouter/provider';
import type { OpenAIChatResponse, OpenAIWireToolCall } from '../wire/openai-wire-types.js';
import { toFinishReason } from './openai-finish-reason.js';
import { toUsage } from './openai-usage.js';

/** Tool-call arguments as JSON text; some compatible servers send an object instead of a string. */
function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

function toToolCalls(calls: OpenAIWireToolCall[] | undefined): ToolCall[] | undefined {
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  return calls.map((call, index) => ({
    id: typeof call.id === 'string' && call.id !== '' ? call.id : `call_${index}`,
    name: call.function?.name ?? '',
    arguments: argumentsText(call.function?.arguments),
  }));
}

/**
 * Turns a parsed `chat.completion` body into an {@link AdapterResponse} (without `rateLimits`, which come
 * from headers). Unknown fields are ignored; a body without a choice is a provider error.
 *
 * @example
 * const res = fromOpenAIResponse(JSON.parse(text), { providerId: 'openai', model: 'gpt-4o-mini' });
 * res.message.content; // 'Hello!'
 */
export function fromOpenAIResponse(
  body: unknown,
  context: { providerId?: string; model?: string } = {},
): AdapterResponse {
  const providerId = context.providerId ?? 'openai';
  const response = (typeof body === 'object' && body !== null ? body : {}) as OpenAIChatResponse;
  const choice = Array.isArray(response.choices) ? response.choices[0] : undefined;
  if (!choice || typeof choice !== 'object') {
    throw new RouterError('provider', `${providerId} answered without a choice`, {
      providerId,
      code: 'malformed_response',
    });
  }
  const message = choice.message ?? {};
  const toolCalls = toToolCalls(message.tool_calls);
  const content = typeof message.content === 'string' ? message.content : (message.refusal ?? '');
  const result: AdapterResponse = {
    message: toolCalls ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content },
    finishReason: toFinishReason(choice.finish_reason),
    usage: toUsage(response.usage),
    model:
      typeof response.model === 'string' && response.model !== '' ? response.model : (context.model ?? ''),
    raw: body,
  };
  if (typeof response.id === 'string') result.providerRequestId = response.id;
  return result;
}
