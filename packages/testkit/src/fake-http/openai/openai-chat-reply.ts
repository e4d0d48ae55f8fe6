import { countFakeTokens, fakeReply } from '../../simulation/fake-reply.js';
import type { ChatPrompt } from './openai-prompt.js';

/** The answer the fake decided on, before it is written as JSON or as a stream. */
export interface ChatAnswer {
  /** Text content ('' when the model only calls a tool). */
  content: string;
  /** A tool call, when the fake decided to call one. */
  toolCall?: { id: string; name: string; arguments: string };
  /** `finish_reason`. */
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** OpenAI usage object. */
  usage: Record<string, unknown>;
  /** Completion tokens, reasoning included. */
  outputTokens: number;
}

function pickTool(prompt: ChatPrompt): string | undefined {
  if (prompt.tools.length === 0 || prompt.toolChoice === 'none' || prompt.lastRole !== 'user')
    return undefined;
  const choice = prompt.toolChoice as { function?: { name?: unknown } } | string | undefined;
  if (typeof choice === 'object' && typeof choice?.function?.name === 'string') return choice.function.name;
  if (choice === 'required') return prompt.tools[0];
  return prompt.tools.find((name) => prompt.lastText.includes(name));
}

/**
 * Decides the fake's answer: a tool call when `tool_choice` names or requires one or the user text mentions
 * a tool; JSON `{"echo": …}` for `json_object`/`json_schema`; otherwise {@link fakeReply}'s echo. Reasoning
 * models (`o1…`, `o3…`, `o4…`, `gpt-5…`) add 8 reasoning tokens; a repeated first message of 1024+ prompt
 * tokens is served from the prompt cache (multiples of 128).
 *
 * @example
 * decideAnswer(prompt, { callId: 'call_1', cached: false, contentFilter: false }).content; // 'echo: hi'
 */
export function decideAnswer(
  prompt: ChatPrompt,
  options: { callId: string; cached: boolean; contentFilter: boolean },
): ChatAnswer {
  const source = prompt.images > 0 ? `${prompt.lastText} [images: ${prompt.images}]` : prompt.lastText;
  let content = '';
  let outputTokens: number;
  let finishReason: ChatAnswer['finishReason'];
  let toolCall: ChatAnswer['toolCall'];
  const tool = pickTool(prompt);
  if (tool !== undefined) {
    toolCall = { id: options.callId, name: tool, arguments: JSON.stringify({ text: prompt.lastText }) };
    outputTokens = countFakeTokens(toolCall.arguments) + countFakeTokens(tool);
    finishReason = 'tool_calls';
  } else if (prompt.responseFormat === 'json_object' || prompt.responseFormat === 'json_schema') {
    content = JSON.stringify({ echo: source });
    outputTokens = countFakeTokens(content);
    finishReason = 'stop';
    if (prompt.maxTokens !== undefined && outputTokens > prompt.maxTokens) {
      content = content.slice(0, prompt.maxTokens * 4);
      outputTokens = prompt.maxTokens;
      finishReason = 'length';
    }
  } else {
    const reply = fakeReply(source, prompt.maxTokens);
    content = reply.text;
    outputTokens = reply.outputTokens;
    finishReason = reply.finish;
  }
  if (options.contentFilter) {
    content = content.slice(0, Math.min(8, content.length));
    toolCall = undefined;
    finishReason = 'content_filter';
  }
  const reasoning = /^(o1|o3|o4|gpt-5)/.test(prompt.model) ? 8 : 0;
  outputTokens += reasoning;
  const cachedTokens =
    options.cached && prompt.promptTokens >= 1024 ? prompt.promptTokens - (prompt.promptTokens % 128) : 0;
  const usage = {
    prompt_tokens: prompt.promptTokens,
    completion_tokens: outputTokens,
    total_tokens: prompt.promptTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  const answer: ChatAnswer = { content, finishReason, usage, outputTokens };
  if (toolCall) answer.toolCall = toolCall;
  return answer;
}

/**
 * A `chat.completion` body for an answer.
 *
 * @example
 * completionBody(answer, { id: 'chatcmpl-1', model: 'gpt-4o', created: 1767225600 }).object; // 'chat.completion'
 */
export function completionBody(
  answer: ChatAnswer,
  meta: { id: string; model: string; created: number },
): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.toolCall ? null : answer.content,
    refusal: null,
    annotations: [],
  };
  if (answer.toolCall) {
    message.tool_calls = [
      {
        id: answer.toolCall.id,
        type: 'function',
        function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments },
      },
    ];
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: answer.usage,
    service_tier: 'default',
    system_fingerprint: 'fp_fake0001',
  };
}
