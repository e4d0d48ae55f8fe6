import type { AdapterCall } from '@apikeyrouter/core';
import { countFakeTokens } from '../simulation/fake-reply.js';

/**
 * The part of a request a provider can serve from its prompt cache: the tool definitions and every message
 * before the last one (system prompt and history), as text, and its size in the fakes' tokens.
 *
 * @example
 * cacheablePrefix(call); // { text: 'system\u0000You are …', tokens: 1200 }
 */
export function cacheablePrefix(call: AdapterCall): { text: string; tokens: number } {
  const messages = call.intent.messages;
  let text = call.intent.tools ? JSON.stringify(call.intent.tools) : '';
  let tokens = text === '' ? 0 : countFakeTokens(text);
  for (let i = 0; i < messages.length - 1; i++) {
    const message = messages[i];
    if (!message) continue;
    const content = message.content;
    if (typeof content === 'string') {
      text += `${message.role}\u0000${content}\u0000`;
      tokens += countFakeTokens(content);
    } else if (Array.isArray(content)) {
      for (const part of content) {
        text += part.type === 'text' ? part.text : '\u0001';
        tokens += part.type === 'text' ? countFakeTokens(part.text) : 85;
      }
      text += '\u0000';
    }
  }
  return { text, tokens };
}
