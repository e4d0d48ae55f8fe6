import type { FinishReason } from '@apikeyrouter/provider';

/**
 * Maps Anthropic's `stop_reason`. `tool_use` means `tool_calls` unless the only call was the JSON answer tool
 * (`answeredWithJson`), which is a normal stop. `refusal` (the safety classifier stopped the answer) is
 * `content_filter`; `model_context_window_exceeded` is `length`; `pause_turn` and unknown values are `other`.
 *
 * @example
 * toFinishReason('max_tokens'); // 'length'
 */
export function toFinishReason(
  stopReason: string | null | undefined,
  options: { userToolCalls?: number; answeredWithJson?: boolean } = {},
): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return options.answeredWithJson && (options.userToolCalls ?? 0) === 0 ? 'stop' : 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
