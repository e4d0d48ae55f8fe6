import type { RouteResponse } from '@apikeyrouter/core';
import { toOpenAIFinishReason, toOpenAIUsage } from '@apikeyrouter/openai';
import type {
  ChatCompletion,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import { type RoutingInfo, routingInfo } from './routing-info.js';

/**
 * A `ChatCompletion` as the `openai` SDK types it, plus who served it.
 *
 * @example
 * const completion: RoutedChatCompletion = await client.chat.completions.create(params);
 */
export type RoutedChatCompletion = ChatCompletion & { apikeyrouter: RoutingInfo };

/**
 * The served model as `provider/model`, so a caller can see which provider answered.
 *
 * @example
 * servedModel({ providerId: 'openai', model: 'gpt-4o-mini' }); // 'openai/gpt-4o-mini'
 */
export function servedModel(served: { providerId: string; model: string }): string {
  return `${served.providerId}/${served.model}`;
}

/**
 * A router response as a `ChatCompletion`. `created` comes from the router's clock.
 *
 * @example
 * const completion = toChatCompletion(await router.route(intent), 'chatcmpl-1', 1767225600);
 */
export function toChatCompletion(res: RouteResponse, id: string, created: number): RoutedChatCompletion {
  const toolCalls = res.message.toolCalls ?? [];
  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: toolCalls.length > 0 && res.content === '' ? null : res.content,
    refusal: null,
  };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map(
      (call): ChatCompletionMessageFunctionToolCall => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }),
    );
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model: servedModel(res),
    choices: [{ index: 0, message, finish_reason: toOpenAIFinishReason(res.finishReason), logprobs: null }],
    usage: toOpenAIUsage(res.usage),
    apikeyrouter: routingInfo(res),
  };
}
