import {
  type LanguageModelV3DataContent,
  type LanguageModelV3Prompt,
  type LanguageModelV3ToolResultOutput,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { ContentPart, Message } from '@apikeyrouter/core';

function imagePart(data: LanguageModelV3DataContent, mediaType: string): ContentPart {
  if (data instanceof URL) return { type: 'image', url: data.toString() };
  const base64 = typeof data === 'string' ? data : Buffer.from(data).toString('base64');
  // `image/*` means "some image": the bytes say which; PNG is the safe declaration for providers that insist.
  return { type: 'image', data: base64, mimeType: mediaType === 'image/*' ? 'image/png' : mediaType };
}

function toolOutputText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return output.reason ?? 'The tool execution was denied.';
    case 'content':
      return output.value
        .map((part) => {
          if (part.type !== 'text') {
            throw new UnsupportedFunctionalityError({
              functionality: `tool result content of type ${part.type}`,
            });
          }
          return part.text;
        })
        .join('');
    default:
      throw new UnsupportedFunctionalityError({ functionality: 'this tool result output type' });
  }
}

/**
 * Converts an AI SDK language-model prompt into the router's provider-neutral messages: text and images
 * (bytes, base64 or URL) pass through, tool calls keep their ids with JSON-encoded input, each tool result
 * becomes a `tool` message. Reasoning parts of earlier turns are dropped (providers do not take them back);
 * other files are refused with `UnsupportedFunctionalityError`.
 *
 * @example
 * toMessages([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]); // [{ role: 'user', content: 'Hi' }]
 */
export function toMessages(prompt: LanguageModelV3Prompt): Message[] {
  const out: Message[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const parts = message.content.map((part): ContentPart => {
          if (part.type === 'text') return { type: 'text', text: part.text };
          if (part.mediaType.startsWith('image/')) return imagePart(part.data, part.mediaType);
          throw new UnsupportedFunctionalityError({ functionality: `file parts of type ${part.mediaType}` });
        });
        const only = parts[0];
        out.push({
          role: 'user',
          content: parts.length === 1 && only?.type === 'text' ? only.text : parts,
        });
        break;
      }
      case 'assistant': {
        let text = '';
        const toolCalls: Array<{ id: string; name: string; arguments: string }> = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call')
            toolCalls.push({
              id: part.toolCallId,
              name: part.toolName,
              arguments: JSON.stringify(part.input),
            });
          else if (part.type === 'file')
            throw new UnsupportedFunctionalityError({ functionality: 'files in assistant messages' });
        }
        if (text === '' && toolCalls.length === 0) break;
        out.push(
          toolCalls.length > 0
            ? { role: 'assistant', content: text, toolCalls }
            : { role: 'assistant', content: text },
        );
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          out.push({
            role: 'tool',
            toolCallId: part.toolCallId,
            name: part.toolName,
            content: toolOutputText(part.output),
          });
        }
        break;
    }
  }
  return out;
}
