import type { ContentPart, Message } from '@apikeyrouter/provider';
import type { OpenAIContentPart, OpenAIMessage } from '../wire/openai-wire-types.js';

function toContentPart(part: ContentPart): OpenAIContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const url = part.url ?? `data:${part.mimeType};base64,${part.data}`;
  return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
}

/**
 * Maps one intent message to OpenAI's wire message: images become `image_url` parts (base64 data as a
 * `data:` URL), assistant tool calls become `tool_calls`, tool results become `role: 'tool'` messages.
 *
 * @example
 * toOpenAIMessage({ role: 'tool', toolCallId: 'call_1', content: '42' });
 * // { role: 'tool', tool_call_id: 'call_1', content: '42' }
 */
export function toOpenAIMessage(message: Message): OpenAIMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user': {
      const content =
        typeof message.content === 'string' ? message.content : message.content.map(toContentPart);
      return message.name ? { role: 'user', content, name: message.name } : { role: 'user', content };
    }
    case 'assistant': {
      const out: OpenAIMessage = { role: 'assistant', content: message.content ?? null };
      if (message.toolCalls && message.toolCalls.length > 0) {
        out.tool_calls = message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}
