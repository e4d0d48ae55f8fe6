import { z } from 'zod';
import { deadlineMsSchema } from '../intent/deadline.js';
import { parseUntrusted } from '../intent/parse-untrusted.js';

/**
 * The zod schema of an {@link EmbedIntent}.
 *
 * @example
 * ```ts
 * embedIntentSchema.parse({ model: 'text-embedding-3-small', input: ['first text', 'second text'] });
 * embedIntentSchema.safeParse({ model: 'text-embedding-3-small', input: [] }).success; // false: at least one text
 * ```
 */
export const embedIntentSchema = z.strictObject({
  model: z.string().min(1).max(256),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  providerId: z.string().min(1).optional(),
  fallbackModels: z.array(z.string().min(1).max(256)).max(16).optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
  deadlineMs: deadlineMsSchema.optional(),
});

/**
 * What to embed: a model (plain or `provider/model`) and one text or a batch of texts.
 *
 * @example
 * const intent: EmbedIntent = { model: 'text-embedding-3-small', input: ['first text', 'second text'] };
 */
export type EmbedIntent = z.infer<typeof embedIntentSchema>;

/**
 * Validates untrusted input as an {@link EmbedIntent}; anything malformed becomes a ValidationError.
 *
 * @example
 * const intent = parseEmbedIntent({ model: 'text-embedding-3-small', input: 'hello' });
 */
export function parseEmbedIntent(input: unknown): EmbedIntent {
  return parseUntrusted(embedIntentSchema, input, 'embedding intent');
}
