import { z } from 'zod';
import { deadlineMsSchema } from './deadline.js';
import { jsonObjectSchema } from './json-object.js';
import { messageSchema } from './message-schema.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/**
 * A tool the model may call: a name and a JSON Schema for its arguments.
 *
 * @example
 * ```ts
 * toolDefinitionSchema.parse({ name: 'get_weather', parameters: { type: 'object', properties: {} } });
 * toolDefinitionSchema.safeParse({ name: 'get weather', parameters: {} }).success; // false: no spaces in names
 * ```
 */
export const toolDefinitionSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 of a-z A-Z 0-9 _ -'),
  description: z.string().optional(),
  parameters: jsonObjectSchema,
});

/**
 * How the model should pick tools: `auto`, `none`, `required`, or one tool by name.
 *
 * @example
 * ```ts
 * toolChoiceSchema.parse('required');
 * toolChoiceSchema.parse({ name: 'get_weather' });
 * ```
 */
export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.strictObject({ name: z.string().min(1) }),
]);

/**
 * A requested output format: plain text, any JSON object, or JSON following a named schema.
 *
 * @example
 * ```ts
 * responseFormatSchema.parse({ type: 'json' });
 * responseFormatSchema.parse({ type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true });
 * ```
 */
export const responseFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    schema: jsonObjectSchema,
    strict: z.boolean().optional(),
  }),
]);

/**
 * Sampling and length parameters of a request, with their allowed ranges.
 *
 * @example
 * ```ts
 * parametersSchema.parse({ temperature: 0.2, maxTokens: 256 });
 * parametersSchema.safeParse({ temperature: 3 }).success; // false: temperature is 0..2
 * ```
 */
export const parametersSchema = z.strictObject({
  temperature: finite.min(0).max(2).optional(),
  maxTokens: z.number().int().positive().max(10_000_000).optional(),
  topP: finite.min(0).max(1).optional(),
  stop: z.array(z.string()).max(16).optional(),
  seed: z.number().int().optional(),
  presencePenalty: finite.min(-2).max(2).optional(),
  frequencyPenalty: finite.min(-2).max(2).optional(),
  user: z.string().optional(),
});

/**
 * The zod schema of a {@link RequestIntent}. Strict: unknown fields are reported, so a misplaced
 * `maxTokens` (it belongs under `parameters`) fails loudly instead of being ignored.
 *
 * @example
 * ```ts
 * const result = requestIntentSchema.safeParse({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'hi' }],
 *   maxTokens: 100,
 * });
 * result.success; // false: `maxTokens` is an unknown key here (it belongs under `parameters`)
 * ```
 */
export const requestIntentSchema = z.strictObject({
  model: z.string().min(1).max(256),
  messages: z.array(messageSchema).min(1),
  parameters: parametersSchema.optional(),
  tools: z.array(toolDefinitionSchema).optional(),
  toolChoice: toolChoiceSchema.optional(),
  responseFormat: responseFormatSchema.optional(),
  stream: z.boolean().optional(),
  providerId: z.string().min(1).optional(),
  fallbackModels: z.array(z.string().min(1).max(256)).max(16).optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
  deadlineMs: deadlineMsSchema.optional(),
  idempotencyKey: z.string().min(1).max(256).optional(),
  priority: z.union([z.literal('interactive'), z.literal('batch')]).optional(),
  affinityKey: z.string().min(1).max(1024).optional(),
});

/**
 * A tool the model may call.
 *
 * @example
 * ```ts
 * const getWeather: ToolDefinition = {
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 * };
 * await router.route({ model: 'gpt-4o-mini', messages, tools: [getWeather] });
 * ```
 */
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;
/**
 * How the model should pick tools.
 *
 * @example
 * ```ts
 * const toolChoice: ToolChoice = { name: 'get_weather' }; // or 'auto' | 'none' | 'required'
 * await router.route({ model: 'gpt-4o-mini', messages, tools, toolChoice });
 * ```
 */
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
/**
 * Requested output format.
 *
 * @example
 * ```ts
 * const responseFormat: ResponseFormat = {
 *   type: 'json_schema',
 *   name: 'person',
 *   schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
 *   strict: true,
 * };
 * await router.route({ model: 'gpt-4o-mini', messages, responseFormat });
 * ```
 */
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
/**
 * Sampling and length parameters.
 *
 * @example
 * ```ts
 * const parameters: GenerationParameters = { temperature: 0.2, maxTokens: 256, stop: ['END'], seed: 7 };
 * await router.route({ model: 'gpt-4o-mini', messages, parameters });
 * ```
 */
export type GenerationParameters = z.infer<typeof parametersSchema>;

/**
 * What the caller wants: a model (plain, or `provider/model`), the conversation and options. Provider-neutral.
 *
 * @example
 * const intent: RequestIntent = {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello' }],
 *   parameters: { maxTokens: 100 },
 *   fallbackModels: ['anthropic/claude-3-5-haiku'],
 *   tags: { team: 'search' },
 * };
 */
export type RequestIntent = z.infer<typeof requestIntentSchema>;
