import { z } from 'zod';

const text = z.string().max(10_000_000);
const textPart = z.looseObject({ type: z.literal('text'), text });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const userContent = z.union([
  text,
  z
    .array(z.union([textPart, imagePart]))
    .min(1)
    .max(1000),
]);
const textContent = z.union([text, z.array(textPart).min(1).max(1000)]);
const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent }),
  z.looseObject({ role: z.literal('developer'), content: textContent }),
  z.looseObject({ role: z.literal('user'), content: userContent, name: z.string().min(1).optional() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: textContent.nullable().optional(),
    tool_calls: z.array(toolCall).max(128).optional(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContent }),
]);

const finite = z.number().refine(Number.isFinite, 'must be finite');

/**
 * The parts of an OpenAI chat completion request the gateway reads (unknown fields are ignored, as the API
 * does for forward compatibility), plus the gateway's `fallback_models` and `objective` extensions.
 */
export const chatWireSchema = z.looseObject({
  model: z.string().min(1).max(256),
  messages: z.array(message).min(1).max(10_000),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({
          name: z.string().min(1),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .max(512)
    .optional(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
    ])
    .optional(),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z.string().min(1),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullable().optional(),
        }),
      }),
    ])
    .optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: finite.nullable().optional(),
  top_p: finite.nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string()).max(16)])
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  presence_penalty: finite.nullable().optional(),
  frequency_penalty: finite.nullable().optional(),
  user: z.string().max(256).optional(),
  n: z.literal(1).nullable().optional(),
  /** OpenAI's own prompt-cache routing hint: becomes the router's prompt-cache affinity key. */
  prompt_cache_key: z.string().min(1).max(1024).optional(),
  fallback_models: z.array(z.string().min(1).max(256)).max(16).optional(),
  objective: z.enum(['cost', 'latency', 'reliability', 'fairness', 'quality', 'balanced']).optional(),
  /** Gateway extension: `batch` waits behind `interactive` (the default) when keys are saturated. */
  priority: z.enum(['interactive', 'batch']).optional(),
});

/** An OpenAI chat completion request as the gateway reads it. */
export type ChatWireRequest = z.infer<typeof chatWireSchema>;
