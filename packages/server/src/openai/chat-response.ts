import type { FinishReason, RouteResponse, ToolCall, Usage } from '@apikeyrouter/core';

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

/** OpenAI's finish_reason for a router finish reason. */
export function openAIFinishReason(reason: FinishReason): string {
  if (reason === 'error' || reason === 'other') return 'stop';
  return reason;
}

/** OpenAI's usage object. */
export function openAIUsage(usage: Usage): Record<string, unknown> {
  const out: Record<string, unknown> = {
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
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAIFinishReason(answer.finishReason) }],
    usage: openAIUsage(answer.usage),
  };
}
