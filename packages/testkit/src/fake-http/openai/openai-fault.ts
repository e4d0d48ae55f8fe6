import type { FaultSpec } from '../fault-script.js';
import {
  badRequestReply,
  contextLengthReply,
  type FakeErrorReply,
  forbiddenReply,
  modelNotFoundReply,
  overloadedReply,
  quotaReply,
  rateLimitReply,
  serverErrorBody,
  tooLargeReply,
  unauthorizedReply,
} from './openai-error-bodies.js';
import type { OpenAIFakeFlavor } from './openai-fake-options.js';

/** How a successful answer gets spoiled by a fault that still starts with HTTP 200. */
export type BodyFault = 'cut' | 'error' | 'malformed';

/** What a fault turns into for the request at hand. */
export type FaultPlan =
  | { type: 'reply'; reply: FakeErrorReply }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'proceed'; delayMs: number; contentFilter: boolean; bodyFault?: BodyFault };

/**
 * Renders a scripted fault the way OpenAI would: 429s with OpenAI's bodies, 401/403/404/400/500/503 error
 * envelopes, a 200 whose `finish_reason` is `content_filter`, delays, hangs, resets, and spoiled 200 bodies.
 * For non-streamed requests `stream_cut` is a body cut short of its content-length and `error_after_200` a
 * 200 whose JSON body is an error object (what some compatible servers do).
 *
 * @example
 * planFault({ kind: 'overloaded' }, context).type; // 'reply'
 */
export function planFault(
  fault: FaultSpec,
  context: {
    model: string;
    key: string;
    flavor: OpenAIFakeFlavor;
    echo: 'masked' | 'full';
    promptTokens: number;
    tpm?: number;
  },
): FaultPlan {
  const proceed = { type: 'proceed' as const, delayMs: 0, contentFilter: false };
  switch (fault.kind) {
    case 'rate_limit':
      return {
        type: 'reply',
        reply: rateLimitReply(
          {
            kind: 'tokens',
            limit: context.tpm ?? 30_000,
            requested: context.promptTokens,
            retryAfterMs: fault.delayMs ?? 1146,
          },
          context.model,
          context.flavor,
        ),
      };
    case 'quota_exhausted':
      return { type: 'reply', reply: quotaReply() };
    case 'request_too_large':
      return {
        type: 'reply',
        reply: tooLargeReply(
          context.model,
          context.tpm ?? 30_000,
          Math.max(context.promptTokens, (context.tpm ?? 30_000) + 4307),
        ),
      };
    case 'unauthorized':
      return { type: 'reply', reply: unauthorizedReply(context.key, context.flavor, context.echo) };
    case 'forbidden':
      return { type: 'reply', reply: forbiddenReply() };
    case 'not_found':
      return { type: 'reply', reply: modelNotFoundReply(context.model) };
    case 'bad_request':
      return {
        type: 'reply',
        reply: badRequestReply(
          "Invalid value for 'temperature': expected a number between 0 and 2.",
          'temperature',
        ),
      };
    case 'context_length':
      return { type: 'reply', reply: contextLengthReply(context.promptTokens) };
    case 'server_error':
      return { type: 'reply', reply: { status: 500, body: serverErrorBody() } };
    case 'overloaded':
      return { type: 'reply', reply: overloadedReply() };
    case 'content_filter':
      return { ...proceed, contentFilter: true };
    case 'slow':
      return { ...proceed, delayMs: fault.delayMs ?? 1000 };
    case 'timeout':
      return { type: 'hang' };
    case 'connection_reset':
      return { type: 'reset' };
    case 'malformed_json':
      return { ...proceed, bodyFault: 'malformed' };
    case 'stream_cut':
      return { ...proceed, bodyFault: 'cut' };
    case 'error_after_200':
      return { ...proceed, bodyFault: 'error' };
  }
}
