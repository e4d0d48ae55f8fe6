import type { FinishReason, RouteResponse, Usage } from '@apikeyrouter/core';
import type {
  ChatCompletion,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { type RoutingInfo, routingInfo } from './routing-info.js';

/**
 * A `ChatCompletion` as the `openai` SDK types it, plus who served it.
 *
 * @example
 * const completion: RoutedChatCompletion = await client.chat.completions.create(params);
 */
export type RoutedChatCompletion = ChatCompletion & { apikeyrouter: RoutingInfo };

/**
 * The router's finish reason as OpenAI spells it. `error`/`other` have no OpenAI equivalent and read as `stop`.
 *
 * @example
 * toOpenAIFinishReason('tool_calls'); // 'tool_calls'
 */
export function toOpenAIFinishReason(reason: FinishReason): ChatCompletion.Choice['finish_reason'] {
  return reason === 'error' || reason === 'other' ? 'stop' : reason;
}

/**
 * The router's usage as OpenAI's `usage` object (cached and reasoning tokens in the details when known).
 *
 * @example
 * toCompletionUsage({ inputTokens: 3, outputTokens: 5, totalTokens: 8 }).total_tokens; // 8
 */
export function toCompletionUsage(usage: Usage): CompletionUsage {
  const out: CompletionUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.cachedInputTokens !== undefined)
    out.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined)
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}

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
    usage: toCompletionUsage(res.usage),
    apikeyrouter: routingInfo(res),
  };
}
