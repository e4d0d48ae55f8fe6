/**
 * A text part of a message.
 *
 * @example
 * const part: TextPart = { type: 'text', text: 'Describe this picture.' };
 */
export interface TextPart {
  type: 'text';
  /** The text. */
  text: string;
}

/**
 * An image part: a URL (https or data:) or base64 `data` with its `mimeType` (exactly one of `url`/`data`).
 *
 * @example
 * const part: ImagePart = { type: 'image', url: 'https://example.com/cat.png', detail: 'low' };
 */
export interface ImagePart {
  type: 'image';
  url?: string;
  data?: string;
  mimeType?: string;
  detail?: 'auto' | 'low' | 'high';
}

/**
 * Any part of a user message.
 *
 * @example
 * const parts: ContentPart[] = [{ type: 'text', text: 'What is this?' }, { type: 'image', url: 'https://example.com/a.png' }];
 */
export type ContentPart = TextPart | ImagePart;

/**
 * A tool call made by the assistant. `arguments` is the JSON text the model produced.
 *
 * @example
 * const call: ToolCall = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
 */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A system instruction.
 *
 * @example
 * const m: SystemMessage = { role: 'system', content: 'Answer briefly.' };
 */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/**
 * A user turn: text, or text and image parts.
 *
 * @example
 * const m: UserMessage = { role: 'user', content: 'Hello' };
 */
export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

/**
 * An earlier assistant turn in the conversation (content, tool calls or both).
 *
 * @example
 * const m: AssistantInputMessage = { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] };
 */
export interface AssistantInputMessage {
  role: 'assistant';
  content?: string | null;
  toolCalls?: ToolCall[];
}

/**
 * The result of a tool call, answering the assistant's call with id `toolCallId`.
 *
 * @example
 * const m: ToolMessage = { role: 'tool', toolCallId: 'c1', content: '{"temp":21}' };
 */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: string;
  name?: string;
}

/**
 * One message of a conversation.
 *
 * @example
 * const messages: Message[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }];
 */
export type Message = SystemMessage | UserMessage | AssistantInputMessage | ToolMessage;

/**
 * The assistant's answer as a message (what an adapter returns).
 *
 * @example
 * const answer: AssistantMessage = { role: 'assistant', content: 'Hello!' };
 */
export interface AssistantMessage {
  role: 'assistant';
  /** Text of the answer (empty string when the model only called tools). */
  content: string;
  /** Tool calls the model made, if any. */
  toolCalls?: ToolCall[];
}
