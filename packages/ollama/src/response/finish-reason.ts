import type { FinishReason } from '@apikeyrouter/provider';

/**
 * Maps Ollama's `done_reason` to a {@link FinishReason}. Ollama reports `stop` even when the model called a
 * tool, so tool calls win. `load` / `unload` (model housekeeping, no answer) become `other`. `content_filter`
 * is not sent by stock Ollama but by filtering proxies in front of it.
 *
 * @example
 * toFinishReason('length', false); // 'length'
 * toFinishReason('stop', true); // 'tool_calls'
 */
export function toFinishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return 'tool_calls';
  switch (doneReason) {
    case undefined:
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}
