import { z } from 'zod';
import type { GatewayAnswer } from '../openai/chat-response.js';

const tokens = z.number().int().min(0);
const usage = z.strictObject({
  inputTokens: tokens,
  outputTokens: tokens,
  totalTokens: tokens,
  cachedInputTokens: tokens.optional(),
  cacheCreationInputTokens: tokens.optional(),
  reasoningTokens: tokens.optional(),
});

const entry = z.object({
  expiresAt: z.number(),
  answer: z.strictObject({
    model: z.string(),
    content: z.string(),
    toolCalls: z.array(z.strictObject({ id: z.string(), name: z.string(), arguments: z.string() })),
    finishReason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'error', 'other']),
    usage,
  }),
});

/**
 * Reads an entry a shared cache store holds (`{ expiresAt, answer }` as JSON). Anything else — another
 * program's value under our prefix, a truncated write, an entry past `expiresAt` on the gateway's clock — is
 * a miss (undefined), never an error: the cache only ever saves a call.
 *
 * @example
 * parseCachedAnswer(text, clock.now()); // GatewayAnswer | undefined
 */
export function parseCachedAnswer(text: string, now: number): GatewayAnswer | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = entry.safeParse(json);
  if (!parsed.success || parsed.data.expiresAt <= now) return undefined;
  return parsed.data.answer;
}
