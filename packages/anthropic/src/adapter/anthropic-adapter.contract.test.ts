import type { ContractWire, StatusFailure, WireReply } from '@apikeyrouter/testkit/contract';
import { runAdapterContract } from '@apikeyrouter/testkit/contract';
import { AnthropicAdapter } from './anthropic-adapter.js';

const STATUS: Record<StatusFailure, [number, string, string]> = {
  unauthorized: [401, 'authentication_error', 'invalid x-api-key'],
  forbidden: [403, 'permission_error', 'not allowed'],
  model_not_found: [404, 'not_found_error', 'model not found'],
  request_timeout: [408, 'timeout_error', 'timed out'],
  rate_limit: [429, 'rate_limit_error', 'rate limited'],
  quota: [400, 'invalid_request_error', 'Your credit balance is too low to access the API'],
  server_error: [500, 'api_error', 'internal error'],
  unavailable: [503, 'api_error', 'unavailable'],
  overloaded: [529, 'overloaded_error', 'Overloaded'],
};

const event = (name: string, data: object) =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

const wire: ContractWire = {
  answer: (model) =>
    JSON.stringify({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    }),
  streamHead: (model) =>
    event('message_start', {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 1, output_tokens: 0 },
      },
    }) +
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'ok' } }),
  streamTail: () =>
    event('content_block_stop', { index: 0 }) +
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 1 },
    }) +
    event('message_stop', {}),
  streamContentType: 'text/event-stream',
  requestIdHeader: 'request-id',
  error(kind, echo): WireReply {
    const [status, type, message] = STATUS[kind];
    return {
      status,
      body: JSON.stringify({
        type: 'error',
        error: { type, message: `${message} (${echo})` },
        request_id: echo,
      }),
    };
  },
};

runAdapterContract('anthropic', {
  model: 'claude-3-5-haiku-latest',
  wire,
  create: (options) => new AnthropicAdapter(options),
});
