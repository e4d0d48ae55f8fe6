import type { ContentPart, Message, RequestIntent, ToolCall } from '@apikeyrouter/core';
import { HttpFailure } from '../http/http-failure.js';
import type { MessagesWireRequest } from './messages-wire-schema.js';

type WireMessage = MessagesWireRequest['messages'][number];
type WireBlock = Exclude<WireMessage['content'], string>[number];

function blockText(content: string | ReadonlyArray<{ text: string }> | undefined): string {
  if (content === undefined) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function userMessages(blocks: readonly WireBlock[]): Message[] {
  const out: Message[] = [];
  const parts: ContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      out.push({ role: 'tool', toolCallId: block.tool_use_id, content: blockText(block.content) });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: block.text });
    } else if (block.type === 'image') {
      parts.push(
        block.source.type === 'url'
          ? { type: 'image', url: block.source.url }
          : { type: 'image', data: block.source.data, mimeType: block.source.media_type },
      );
    } else {
      throw new HttpFailure(
        400,
        'invalid_request_error',
        'invalid_request',
        'tool_use blocks belong to assistant messages',
        'messages',
      );
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function assistantMessage(blocks: readonly WireBlock[]): Message {
  let content = '';
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (block.type === 'text') content += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    } else {
      throw new HttpFailure(
        400,
        'invalid_request_error',
        'invalid_request',
        `${block.type} blocks belong to user messages`,
        'messages',
      );
    }
  }
  return { role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
}

/**
 * The provider-neutral intent of an Anthropic Messages request: `system` becomes a system message,
 * `tool_result` blocks become tool messages, `tool_use` blocks become tool calls.
 *
 * @example
 * const intent = messagesToIntent(parseWire(messagesWireSchema, json));
 */
export function messagesToIntent(body: MessagesWireRequest): RequestIntent {
  const messages: Message[] = [];
  if (body.system !== undefined) messages.push({ role: 'system', content: blockText(body.system) });
  for (const message of body.messages) {
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
    } else if (message.role === 'user') {
      messages.push(...userMessages(message.content));
    } else {
      messages.push(assistantMessage(message.content));
    }
  }
  const intent: RequestIntent = {
    model: body.model,
    messages,
    parameters: {
      maxTokens: body.max_tokens,
      ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
      ...(body.top_p !== undefined ? { topP: body.top_p } : {}),
      ...(body.stop_sequences !== undefined ? { stop: body.stop_sequences } : {}),
    },
  };
  if (body.tools && body.tools.length > 0) {
    intent.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.input_schema,
    }));
  }
  const choice = body.tool_choice;
  if (choice) {
    intent.toolChoice =
      choice.type === 'tool' && choice.name
        ? { name: choice.name }
        : choice.type === 'any'
          ? 'required'
          : choice.type === 'none'
            ? 'none'
            : 'auto';
  }
  if (body.stream) intent.stream = true;
  if (body.fallback_models) intent.fallbackModels = body.fallback_models;
  return intent;
}
