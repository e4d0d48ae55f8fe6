import { type Message, RouterError, type ToolCall } from '@apikeyrouter/provider';
import type { GeminiContent, GeminiPart } from '../wire/gemini-wire-types.js';
import { asRecord } from '../wire/json-guards.js';
import { readThoughtSignature } from '../wire/tool-call-id.js';
import { toGeminiImagePart } from './image-part.js';

/**
 * A conversation in Gemini's shape.
 *
 * @example
 * ```ts
 * const { contents, systemTexts }: GeminiConversation = toGeminiContents(intent.messages, 'gemini');
 * const body: GeminiRequest = { contents, systemInstruction: { parts: systemTexts.map((text) => ({ text })) } };
 * ```
 */
export interface GeminiConversation {
  /** The turns, roles `user` and `model`. */
  contents: GeminiContent[];
  /** Texts of every system message, in order (Gemini has one system instruction). */
  systemTexts: string[];
}

function invalid(message: string, code: string, providerId: string): RouterError {
  return new RouterError('validation', message, { providerId, code });
}

function functionCallPart(call: ToolCall, providerId: string): GeminiPart {
  let args: unknown = {};
  if (call.arguments.trim() !== '') {
    try {
      args = JSON.parse(call.arguments);
    } catch {
      throw invalid(
        `Tool call ${call.name} has arguments that are not JSON`,
        'invalid_tool_arguments',
        providerId,
      );
    }
  }
  const record = asRecord(args);
  if (!record) {
    throw invalid(
      `Tool call ${call.name} arguments must be a JSON object`,
      'invalid_tool_arguments',
      providerId,
    );
  }
  const part: GeminiPart = { functionCall: { name: call.name, args: record } };
  const signature = readThoughtSignature(call.id);
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

function responseObject(content: string): Record<string, unknown> {
  let parsed: unknown = content;
  try {
    parsed = JSON.parse(content);
  } catch {
    // Plain-text results are normal; they are wrapped below.
  }
  return asRecord(parsed) ?? { content: parsed };
}

function isFunctionResponseTurn(content: GeminiContent | undefined): content is GeminiContent {
  return content?.role === 'user' && content.parts.every((p) => p.functionResponse !== undefined);
}

/**
 * Converts router messages into Gemini `contents`: assistant → `model`, tool results → `functionResponse`
 * parts in a `user` turn (consecutive results share one turn, as Gemini expects one turn answering all calls
 * of the previous one). Gemini matches results by function name, so each result's name is looked up from the
 * assistant call with the same id, falling back to the tool message's `name`.
 *
 * @example
 * toGeminiContents([{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }], 'gemini');
 * // { systemTexts: ['Be brief'], contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function toGeminiContents(messages: readonly Message[], providerId: string): GeminiConversation {
  const contents: GeminiContent[] = [];
  const systemTexts: string[] = [];
  const callNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'system') {
      if (message.content !== '') systemTexts.push(message.content);
    } else if (message.role === 'user') {
      const parts: GeminiPart[] =
        typeof message.content === 'string'
          ? [{ text: message.content }]
          : message.content.map((part) =>
              part.type === 'text' ? { text: part.text } : toGeminiImagePart(part, providerId),
            );
      contents.push({ role: 'user', parts });
    } else if (message.role === 'assistant') {
      const parts: GeminiPart[] = [];
      if (message.content) parts.push({ text: message.content });
      for (const call of message.toolCalls ?? []) {
        callNames.set(call.id, call.name);
        parts.push(functionCallPart(call, providerId));
      }
      contents.push({ role: 'model', parts });
    } else {
      const name = callNames.get(message.toolCallId) ?? message.name;
      if (name === undefined) {
        throw invalid(
          'A tool result must follow the assistant call it answers (or carry the tool name): Gemini matches results by name',
          'unknown_tool_call',
          providerId,
        );
      }
      const part: GeminiPart = { functionResponse: { name, response: responseObject(message.content) } };
      const previous = contents[contents.length - 1];
      if (isFunctionResponseTurn(previous)) previous.parts.push(part);
      else contents.push({ role: 'user', parts: [part] });
    }
  }
  return { contents, systemTexts };
}
