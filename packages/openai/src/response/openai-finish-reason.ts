import type { FinishReason } from '@apikeyrouter/provider';

/**
 * Normalises OpenAI's `finish_reason` (`function_call` is the legacy spelling of `tool_calls`; `eos` is what
 * some compatible servers send for `stop`).
 *
 * @example
 * toFinishReason('content_filter'); // 'content_filter'
 */
export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
