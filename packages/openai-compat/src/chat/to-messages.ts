import type { ContentPart, Message } from '@apikeyrouter/core';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { invalidParam } from '../errors/to-openai-error.js';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function textOfParts(parts: ReadonlyArray<{ type: string; text?: string }>, param: string): string {
  return parts
    .map((part, i) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw invalidParam(`${param}[${i}]`, `only text parts are supported here, got "${part.type}"`);
      }
      return part.text;
    })
    .join('');
}

function userPart(part: ChatCompletionContentPart, param: string): ContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'image_url') {
    const { url, detail } = part.image_url;
    const match = DATA_URL.exec(url);
    const image: ContentPart = match
      ? { type: 'image', data: match[2] as string, mimeType: match[1] as string }
      : { type: 'image', url };
    return detail ? { ...image, detail } : image;
  }
  throw invalidParam(param, `content parts of type "${part.type}" are not supported`);
}

function assistantMessage(message: ChatCompletionAssistantMessageParam, param: string): Message {
  const content =
    typeof message.content === 'string'
      ? message.content
      : Array.isArray(message.content)
        ? textOfParts(message.content as Array<{ type: string; text?: string }>, `${param}.content`)
        : null;
  const toolCalls = (message.tool_calls ?? []).map((call, i) => {
    if (call.type !== 'function') {
      throw invalidParam(`${param}.tool_calls[${i}]`, 'only function tool calls are supported');
    }
    return { id: call.id, name: call.function.name, arguments: call.function.arguments };
  });
  return toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content };
}

/**
 * Converts OpenAI chat messages to the router's provider-neutral messages. `developer` messages become
 * system messages; image URLs (https or data:) become image parts; audio, files and the deprecated
 * `function` role are refused with a `BadRequestError` naming the offending parameter.
 *
 * @example
 * toMessages([{ role: 'user', content: 'Hi' }]); // [{ role: 'user', content: 'Hi' }]
 */
export function toMessages(messages: readonly ChatCompletionMessageParam[]): Message[] {
  if (!Array.isArray(messages)) throw invalidParam('messages', 'messages must be an array');
  return messages.map((message, i): Message => {
    const param = `messages[${i}]`;
    if (typeof message !== 'object' || message === null) throw invalidParam(param, 'not a message object');
    switch (message.role) {
      case 'system':
      case 'developer':
        return {
          role: 'system',
          content:
            typeof message.content === 'string'
              ? message.content
              : textOfParts(message.content, `${param}.content`),
        };
      case 'user': {
        const content =
          typeof message.content === 'string'
            ? message.content
            : (message.content as ChatCompletionContentPart[]).map((part, j) =>
                userPart(part, `${param}.content[${j}]`),
              );
        return message.name ? { role: 'user', content, name: message.name } : { role: 'user', content };
      }
      case 'assistant':
        return assistantMessage(message, param);
      case 'tool':
        return {
          role: 'tool',
          toolCallId: message.tool_call_id,
          content:
            typeof message.content === 'string'
              ? message.content
              : textOfParts(message.content, `${param}.content`),
        };
      default:
        throw invalidParam(`${param}.role`, `role "${String(message.role)}" is not supported`);
    }
  });
}
