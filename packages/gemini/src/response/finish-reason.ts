import type { FinishReason } from '@apikeyrouter/provider';

const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);
const FAILED = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS']);

/**
 * Normalises a Gemini `finishReason`. Gemini reports `STOP` when it calls functions, so `hasToolCalls`
 * turns that into `tool_calls`. Safety-style reasons (and any `promptFeedback.blockReason`, passed here as
 * the reason) become `content_filter`; broken function calls `error`; unknown or missing ones `other`.
 *
 * @example
 * mapFinishReason('MAX_TOKENS', false); // 'length'
 */
export function mapFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'STOP') return hasToolCalls ? 'tool_calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && FILTERED.has(reason)) return 'content_filter';
  if (reason !== undefined && FAILED.has(reason)) return 'error';
  if (reason === undefined && hasToolCalls) return 'tool_calls';
  return 'other';
}

/**
 * The finish reason for a prompt Gemini refused outright (`promptFeedback.blockReason`, no candidates).
 *
 * @example
 * blockedPromptReason('SAFETY'); // 'content_filter'
 */
export function blockedPromptReason(blockReason: string): FinishReason {
  return blockReason === 'BLOCK_REASON_UNSPECIFIED' || blockReason === '' ? 'other' : 'content_filter';
}
