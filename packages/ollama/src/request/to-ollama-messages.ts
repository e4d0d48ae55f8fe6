import { type Message, ValidationError } from '@apikeyrouter/provider';
import type { OllamaMessage, OllamaToolCall } from '../wire/ollama-wire-types.js';
import { toOllamaImage } from './ollama-images.js';

function toArgumentsObject(text: string, path: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    // Ollama types arguments as a JSON object; anything else would be rejected by its decoder anyway.
    throw new ValidationError('Tool call arguments must be a JSON object for Ollama', [
      { path, message: 'arguments must be JSON text of an object' },
    ]);
  }
  return parsed as Record<string, unknown>;
}

function userMessage(message: Extract<Message, { role: 'user' }>, index: number): OllamaMessage {
  if (typeof message.content === 'string') return { role: 'user', content: message.content };
  const texts: string[] = [];
  const images: string[] = [];
  message.content.forEach((part, partIndex) => {
    if (part.type === 'text') texts.push(part.text);
    else images.push(toOllamaImage(part, `messages.${index}.content.${partIndex}`));
  });
  const out: OllamaMessage = { role: 'user', content: texts.join('\n') };
  if (images.length > 0) out.images = images;
  return out;
}

function assistantMessage(
  message: Extract<Message, { role: 'assistant' }>,
  index: number,
  toolNames: Map<string, string>,
): OllamaMessage {
  const out: OllamaMessage = { role: 'assistant', content: message.content ?? '' };
  if (message.toolCalls && message.toolCalls.length > 0) {
    out.tool_calls = message.toolCalls.map((call, callIndex): OllamaToolCall => {
      toolNames.set(call.id, call.name);
      return {
        function: {
          name: call.name,
          arguments: toArgumentsObject(call.arguments, `messages.${index}.toolCalls.${callIndex}`),
        },
      };
    });
  }
  return out;
}

/**
 * Converts the intent's messages to Ollama's. Tool results carry the tool's *name* in Ollama (it has no call
 * ids), so a tool message without `name` takes the name of the assistant call it answers.
 *
 * @example
 * toOllamaMessages([{ role: 'user', content: 'hi' }]); // [{ role: 'user', content: 'hi' }]
 */
export function toOllamaMessages(messages: readonly Message[]): OllamaMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, index): OllamaMessage => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    if (message.role === 'user') return userMessage(message, index);
    if (message.role === 'assistant') return assistantMessage(message, index, toolNames);
    const out: OllamaMessage = { role: 'tool', content: message.content };
    const name = message.name ?? toolNames.get(message.toolCallId);
    if (name !== undefined) out.tool_name = name;
    return out;
  });
}
