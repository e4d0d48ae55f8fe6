import { type AdapterResponse, type AssistantMessage, RouterError } from '@apikeyrouter/provider';
import { asArray, asRecord, asString } from '../wire/json-guards.js';
import { blockedPromptReason, mapFinishReason } from './finish-reason.js';
import { readParts } from './read-parts.js';
import { toUsage } from './to-usage.js';

/**
 * Normalises a parsed `generateContent` body into an {@link AdapterResponse} (without `rateLimits`, which
 * come from headers). Uses the first candidate; a prompt blocked by `promptFeedback.blockReason` yields an
 * empty message with finish reason `content_filter`. Unknown fields are ignored and kept in `raw`. Throws a
 * `provider` RouterError (code `malformed_response`) when the body is not a JSON object.
 *
 * @example
 * fromGeminiResponse({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] }).message.content; // 'Hi'
 */
export function fromGeminiResponse(
  body: unknown,
  requestedModel = '',
  providerId = 'gemini',
): AdapterResponse {
  const root = asRecord(body);
  if (!root) {
    throw new RouterError('provider', 'Gemini returned a body that is not a JSON object', {
      providerId,
      code: 'malformed_response',
    });
  }
  const candidate = asRecord(asArray(root.candidates)[0]);
  const { text, toolCalls } = readParts(asRecord(candidate?.content)?.parts, 0);
  const message: AssistantMessage = { role: 'assistant', content: text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  const blockReason = asString(asRecord(root.promptFeedback)?.blockReason);
  const finishReason =
    !candidate && blockReason !== undefined
      ? blockedPromptReason(blockReason)
      : mapFinishReason(asString(candidate?.finishReason), toolCalls.length > 0);
  const response: AdapterResponse = {
    message,
    finishReason,
    usage: toUsage(root.usageMetadata),
    model: asString(root.modelVersion) ?? requestedModel,
    raw: body,
  };
  const responseId = asString(root.responseId);
  if (responseId !== undefined) response.providerRequestId = responseId;
  return response;
}
