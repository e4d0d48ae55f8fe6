import { z } from 'zod';

const text = z.string().max(10_000_000);
const textBlock = z.looseObject({ type: z.literal('text'), text });
const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
    z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  ]),
});
const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
});
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([text, z.array(textBlock)]).optional(),
  is_error: z.boolean().optional(),
});
const block = z.discriminatedUnion('type', [textBlock, imageBlock, toolUseBlock, toolResultBlock]);

/** The parts of an Anthropic Messages request the gateway reads (unknown fields are ignored). */
export const messagesWireSchema = z.looseObject({
  model: z.string().min(1).max(256),
  max_tokens: z.number().int().positive(),
  system: z.union([text, z.array(textBlock)]).optional(),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant']),
        content: z.union([text, z.array(block).min(1).max(1000)]),
      }),
    )
    .min(1)
    .max(10_000),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()),
      }),
    )
    .max(512)
    .optional(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().min(1).optional() })
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop_sequences: z.array(z.string()).max(16).optional(),
  stream: z.boolean().optional(),
  fallback_models: z.array(z.string().min(1).max(256)).max(16).optional(),
  objective: z.enum(['cost', 'latency', 'reliability', 'fairness', 'quality', 'balanced']).optional(),
});

/** An Anthropic Messages request as the gateway reads it. */
export type MessagesWireRequest = z.infer<typeof messagesWireSchema>;
