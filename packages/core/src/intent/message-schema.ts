import { z } from 'zod';

/**
 * A text part of a message.
 *
 * @example
 * textPartSchema.parse({ type: 'text', text: 'hello' });
 */
export const textPartSchema = z.strictObject({
  type: z.literal('text'),
  /** The text. */
  text: z.string(),
});

/**
 * An image part: a URL (https or data:) or base64 `data` with its `mimeType`.
 *
 * @example
 * imagePartSchema.parse({ type: 'image', url: 'https://example.com/cat.png' });
 */
export const imagePartSchema = z
  .strictObject({
    type: z.literal('image'),
    url: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    mimeType: z.string().min(1).optional(),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  })
  .refine((part) => (part.url === undefined) !== (part.data === undefined), {
    message: 'an image part needs exactly one of url or data',
  })
  .refine((part) => part.data === undefined || part.mimeType !== undefined, {
    message: 'an image given as data needs its mimeType',
  });

/**
 * One part of a message's content: text or an image.
 *
 * @example
 * contentPartSchema.parse({ type: 'text', text: 'describe this' });
 */
export const contentPartSchema = z.union([textPartSchema, imagePartSchema]);

/**
 * A tool call made by the assistant. `arguments` is the JSON text the model produced.
 *
 * @example
 * toolCallSchema.parse({ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' });
 */
export const toolCallSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const systemMessageSchema = z.strictObject({
  role: z.literal('system'),
  content: z.string(),
});

export const userMessageSchema = z.strictObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(contentPartSchema).min(1)]),
  name: z.string().min(1).optional(),
});

export const assistantMessageSchema = z
  .strictObject({
    role: z.literal('assistant'),
    content: z.string().nullable().optional(),
    toolCalls: z.array(toolCallSchema).optional(),
  })
  .refine((m) => (m.content ?? '') !== '' || (m.toolCalls?.length ?? 0) > 0, {
    message: 'an assistant message needs content or toolCalls',
  });

export const toolMessageSchema = z.strictObject({
  role: z.literal('tool'),
  toolCallId: z.string().min(1),
  content: z.string(),
  name: z.string().min(1).optional(),
});

/**
 * One message of a conversation: system, user, assistant (content or tool calls) or tool result.
 *
 * @example
 * ```ts
 * messageSchema.parse({ role: 'tool', toolCallId: 'call_1', content: '{"tempC":21}' });
 * messageSchema.safeParse({ role: 'assistant', content: '' }).success; // false: needs content or toolCalls
 * ```
 */
export const messageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);

/**
 * A text part of a message.
 *
 * @example
 * ```ts
 * const part: TextPart = { type: 'text', text: 'Describe this image.' };
 * const message: Message = { role: 'user', content: [part, { type: 'image', url: 'https://example.com/cat.png' }] };
 * ```
 */
export type TextPart = z.infer<typeof textPartSchema>;
/**
 * An image part of a message.
 *
 * @example
 * ```ts
 * const image: ImagePart = { type: 'image', data: pngBase64, mimeType: 'image/png' };
 * const message: Message = { role: 'user', content: [{ type: 'text', text: 'Describe this.' }, image] };
 * ```
 */
export type ImagePart = z.infer<typeof imagePartSchema>;
/**
 * Any part of a user message.
 *
 * @example
 * ```ts
 * const content: ContentPart[] = [
 *   { type: 'text', text: 'What is in this picture?' },
 *   { type: 'image', url: 'https://example.com/cat.png', detail: 'low' },
 * ];
 * await router.route({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
 * ```
 */
export type ContentPart = z.infer<typeof contentPartSchema>;
/**
 * A tool call produced by the model.
 *
 * @example
 * ```ts
 * const res = await router.route({ model: 'gpt-4o-mini', messages, tools });
 * for (const call of res.message.toolCalls ?? []) {
 *   const args = JSON.parse(call.arguments);
 *   messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(await runTool(call.name, args)) });
 * }
 * ```
 */
export type ToolCall = z.infer<typeof toolCallSchema>;
/**
 * One message of a conversation.
 *
 * @example
 * ```ts
 * const messages: Message[] = [
 *   { role: 'system', content: 'Be brief.' },
 *   { role: 'user', content: 'Weather in Paris?' },
 *   { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
 *   { role: 'tool', toolCallId: 'call_1', content: '{"tempC":21}' },
 * ];
 * ```
 */
export type Message = z.infer<typeof messageSchema>;
/**
 * The assistant's answer as a message.
 *
 * @example
 * ```ts
 * const res = await router.route({ model: 'gpt-4o-mini', messages });
 * const answer: AssistantMessage = res.message;
 * messages.push(answer); // continue the conversation, tool calls included
 * ```
 */
export interface AssistantMessage {
  role: 'assistant';
  /** Text of the answer (empty string when the model only called tools). */
  content: string;
  /** Tool calls the model made, if any. */
  toolCalls?: ToolCall[];
}
