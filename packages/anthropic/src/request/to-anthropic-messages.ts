import { type Message, ValidationError } from '@apikeyrouter/provider';
import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolUseBlock,
} from '../wire/anthropic-request-types.js';
import { toAnthropicUserContent } from './to-anthropic-content.js';

/**
 * The conversation split the way Anthropic wants it.
 *
 * @example
 * ```ts
 * const conversation: AnthropicConversation = toAnthropicConversation([
 *   { role: 'system', content: 'Be brief.' },
 *   { role: 'user', content: 'hi' },
 * ]);
 * conversation.system; // 'Be brief.'
 * conversation.messages; // [{ role: 'user', content: 'hi' }]
 * ```
 */
export interface AnthropicConversation {
  /** Top-level system prompt, when the intent had system messages. @example 'Be brief.' */
  system?: string | AnthropicTextBlock[];
  /** Alternating user/assistant turns. @example [{ role: 'user', content: 'hi' }] */
  messages: AnthropicMessageParam[];
}

/**
 * Options of {@link toAnthropicConversation}.
 *
 * @example
 * toAnthropicConversation(messages, { cacheSystemPrompt: true });
 */
export interface ConversationOptions {
  /** Mark the system prompt as a cacheable prefix (`cache_control: ephemeral`). @example true */
  cacheSystemPrompt?: boolean;
}

function toBlocks(content: string | AnthropicContentBlock[]): AnthropicContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** Anthropic rejects a user turn whose `tool_result` blocks do not come first, so merging keeps them in front. */
function mergeContent(
  first: string | AnthropicContentBlock[],
  second: string | AnthropicContentBlock[],
): AnthropicContentBlock[] {
  const all = [...toBlocks(first), ...toBlocks(second)];
  const results = all.filter((block) => block.type === 'tool_result');
  if (results.length === 0 || results.length === all.length) return all;
  return [...results, ...all.filter((block) => block.type !== 'tool_result')];
}

function parseArguments(text: string, path: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('Anthropic tool calls need JSON-object arguments', [
      { path, message: 'arguments must be the JSON text of an object' },
    ]);
  }
  return value as Record<string, unknown>;
}

function systemPrompt(texts: string[], cache: boolean): string | AnthropicTextBlock[] | undefined {
  if (texts.length === 0) return undefined;
  if (texts.length === 1 && !cache) return texts[0];
  const blocks: AnthropicTextBlock[] = texts.map((text) => ({ type: 'text', text }));
  // The cache prefix ends at the marked block, so marking the last one caches the whole system prompt.
  if (cache) (blocks[blocks.length - 1] as AnthropicTextBlock).cache_control = { type: 'ephemeral' };
  return blocks;
}

function toTurn(message: Exclude<Message, { role: 'system' }>, index: number): AnthropicMessageParam {
  if (message.role === 'user') {
    return { role: 'user', content: toAnthropicUserContent(message.content, `messages.${index}.content`) };
  }
  if (message.role === 'tool') {
    return {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }],
    };
  }
  const text = message.content ?? '';
  const calls = message.toolCalls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: text };
  const blocks: AnthropicContentBlock[] = text === '' ? [] : [{ type: 'text', text }];
  calls.forEach((call, callIndex) => {
    const block: AnthropicToolUseBlock = {
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: parseArguments(call.arguments, `messages.${index}.toolCalls.${callIndex}.arguments`),
    };
    blocks.push(block);
  });
  return { role: 'assistant', content: blocks };
}

/**
 * Splits an intent's messages into Anthropic's top-level `system` and user/assistant turns. System messages
 * (wherever they appear) are hoisted in order; tool results become `tool_result` blocks in a user turn; and
 * consecutive turns of the same role are merged, so all results of one assistant turn share one user turn.
 *
 * @example
 * toAnthropicConversation([
 *   { role: 'system', content: 'Be brief.' },
 *   { role: 'user', content: 'hi' },
 * ]); // { system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] }
 */
export function toAnthropicConversation(
  messages: readonly Message[],
  options: ConversationOptions = {},
): AnthropicConversation {
  const systemTexts: string[] = [];
  const turns: AnthropicMessageParam[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      if (message.content !== '') systemTexts.push(message.content);
      return;
    }
    const turn = toTurn(message, index);
    const previous = turns[turns.length - 1];
    if (previous && previous.role === turn.role) {
      previous.content = mergeContent(previous.content, turn.content);
    } else {
      turns.push(turn);
    }
  });
  if (turns.length === 0) {
    throw new ValidationError('Anthropic needs at least one user or assistant message', [
      { path: 'messages', message: 'only system messages were given' },
    ]);
  }
  const system = systemPrompt(systemTexts, options.cacheSystemPrompt ?? false);
  return system === undefined ? { messages: turns } : { system, messages: turns };
}
