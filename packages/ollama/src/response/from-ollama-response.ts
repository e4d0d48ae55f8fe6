import { type AdapterResponse, type AssistantMessage, RouterError } from '@apikeyrouter/provider';
import type { OllamaChatResponse } from '../wire/ollama-wire-types.js';
import { toFinishReason } from './finish-reason.js';
import { fromOllamaToolCalls } from './from-ollama-tool-calls.js';
import { toUsage } from './to-usage.js';

/**
 * An {@link AdapterResponse} before the HTTP layer adds rate limits and the request id.
 *
 * @example
 * ```ts
 * const parsed: ParsedOllamaResponse = fromOllamaResponse(await response.json(), 'llama3.2');
 * const full: AdapterResponse = { ...parsed, rateLimits: parseOllamaRateLimits(response.headers, clock.now()) };
 * ```
 */
export type ParsedOllamaResponse = Omit<AdapterResponse, 'rateLimits' | 'providerRequestId'>;

/**
 * Normalises a parsed non-streamed `/api/chat` body. Pure: the bench and tests call it without HTTP. Unknown
 * fields are ignored (and kept in `raw`); a body that is not a chat response throws a `provider` RouterError
 * with code `malformed_response`.
 *
 * @example
 * const res = fromOllamaResponse({ model: 'llama3.2', message: { role: 'assistant', content: 'Hi' }, done: true,
 *   done_reason: 'stop', prompt_eval_count: 5, eval_count: 2 });
 * res.message.content; // 'Hi'
 */
export function fromOllamaResponse(
  body: unknown,
  requestedModel = '',
  providerId = 'ollama',
): ParsedOllamaResponse {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RouterError('provider', `${providerId} sent a response that is not a chat object`, {
      providerId,
      code: 'malformed_response',
    });
  }
  const chat = body as OllamaChatResponse;
  const rawMessage = chat.message && typeof chat.message === 'object' ? chat.message : {};
  const toolCalls = fromOllamaToolCalls(rawMessage.tool_calls);
  const message: AssistantMessage = {
    role: 'assistant',
    content: typeof rawMessage.content === 'string' ? rawMessage.content : '',
  };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return {
    message,
    finishReason: toFinishReason(
      typeof chat.done_reason === 'string' ? chat.done_reason : undefined,
      toolCalls.length > 0,
    ),
    usage: toUsage(chat),
    model: typeof chat.model === 'string' && chat.model !== '' ? chat.model : requestedModel,
    raw: body,
  };
}
