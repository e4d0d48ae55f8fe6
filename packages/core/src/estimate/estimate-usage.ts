import type { RequestIntent } from '../intent/intent-schema.js';
import type { Message } from '../intent/message-schema.js';

/**
 * Tokens a request is expected to use, before it is sent.
 *
 * @example
 * ```ts
 * const estimate: UsageEstimate = estimateUsage(intent);
 * console.log(`reserving ${estimate.inputTokens} + ${estimate.outputTokens} tokens`);
 * ```
 */
export interface UsageEstimate {
  /** Prompt tokens (an upper-leaning estimate). */
  inputTokens: number;
  /** Output tokens: `parameters.maxTokens`, or the default when unset. */
  outputTokens: number;
}

/**
 * Options of {@link estimateUsage}.
 *
 * @example
 * ```ts
 * const options: EstimateOptions = { defaultOutputTokens: 256 };
 * estimateUsage({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, options).outputTokens; // 256
 * ```
 */
export interface EstimateOptions {
  /** Output tokens assumed when the intent sets no `maxTokens`. Default 1024. */
  defaultOutputTokens?: number;
}

// Why characters / 3.5 and not a tokenizer: BPE vocabularies differ per provider (cl100k, o200k, Claude's,
// Gemini's SentencePiece), so no one tokenizer is right for every candidate, and shipping several would cost
// megabytes and milliseconds per request. English text averages ~4 characters per token in all of them; 3.5
// leans high on purpose because reservations must not under-count, and actual usage replaces the estimate as
// soon as the response arrives.
const CHARS_PER_TOKEN = 3.5;
/** Per-message framing tokens (role markers and separators), as OpenAI documents ~3-4. */
const MESSAGE_OVERHEAD = 4;
/** A typical image costs providers ~85-1,600 tokens depending on size and detail; assume a high-detail tile. */
const IMAGE_TOKENS = 765;

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function messageTokens(message: Message): number {
  let tokens = MESSAGE_OVERHEAD;
  if (message.role === 'user' && Array.isArray(message.content)) {
    for (const part of message.content) tokens += part.type === 'text' ? textTokens(part.text) : IMAGE_TOKENS;
    return tokens;
  }
  if (typeof message.content === 'string') tokens += textTokens(message.content);
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) tokens += textTokens(call.name) + textTokens(call.arguments);
  }
  return tokens;
}

/**
 * Estimates the tokens an intent will use, for reservations against rate limits and budgets. Leans high so
 * concurrent reservations never under-count; reconciled with actual usage when the response arrives.
 *
 * @example
 * estimateUsage({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], parameters: { maxTokens: 50 } });
 * // { inputTokens: 5, outputTokens: 50 }
 */
export function estimateUsage(intent: RequestIntent, options: EstimateOptions = {}): UsageEstimate {
  let inputTokens = 0;
  for (const message of intent.messages) inputTokens += messageTokens(message);
  for (const tool of intent.tools ?? []) {
    inputTokens +=
      textTokens(tool.name) +
      textTokens(tool.description ?? '') +
      textTokens(JSON.stringify(tool.parameters));
  }
  if (intent.responseFormat?.type === 'json_schema')
    inputTokens += textTokens(JSON.stringify(intent.responseFormat.schema));
  return {
    inputTokens,
    outputTokens: intent.parameters?.maxTokens ?? options.defaultOutputTokens ?? 1024,
  };
}

/**
 * Estimates the tokens an embeddings request will use: its texts as input (framed like one message), no
 * output.
 *
 * @example
 * estimateEmbedUsage(['hello', 'world']); // { inputTokens: 8, outputTokens: 0 }
 */
export function estimateEmbedUsage(texts: readonly string[]): UsageEstimate {
  // Joined with a separator per text, as one message: the same figure the chat estimate would give.
  let length = Math.max(0, texts.length - 1);
  for (const text of texts) length += text.length;
  return { inputTokens: MESSAGE_OVERHEAD + Math.ceil(length / CHARS_PER_TOKEN), outputTokens: 0 };
}
