import type { FinishReason, RouteResponse, ToolCall, Usage } from '@apikeyrouter/core';
import { toOpenAIFinishReason, toOpenAIUsage } from '@apikeyrouter/openai';

/** An answer as the gateway renders (and caches) it, independent of the wire format. */
export interface GatewayAnswer {
  /** Model as served. */
  model: string;
  /** Text of the answer. */
  content: string;
  /** Tool calls, if any. */
  toolCalls: ToolCall[];
  /** Why generation stopped. */
  finishReason: FinishReason;
  /** Tokens used. */
  usage: Usage;
}

/**
 * The wire-neutral answer of a router response.
 *
 * @example
 * const answer = answerOf(await router.route(intent));
 */
export function answerOf(res: RouteResponse): GatewayAnswer {
  return {
    model: res.model,
    content: res.content,
    toolCalls: res.message.toolCalls ?? [],
    finishReason: res.finishReason,
    usage: res.usage,
  };
}

/**
 * An OpenAI `chat.completion` object for an answer.
 *
 * @example
 * c.json(chatCompletionBody(answer, requestId, created));
 */
export function chatCompletionBody(
  answer: GatewayAnswer,
  id: string,
  created: number,
): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.toolCalls.length > 0 && answer.content === '' ? null : answer.content,
    refusal: null,
  };
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: `chatcmpl-${id}`,
    object: 'chat.completion',
    created,
    model: answer.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(answer.finishReason) },
    ],
    usage: toOpenAIUsage(answer.usage),
  };
}
