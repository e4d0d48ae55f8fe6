import type { ContractWire, StatusFailure, WireReply } from '@apikeyrouter/testkit/contract';
import { runAdapterContract } from '@apikeyrouter/testkit/contract';
import { OllamaAdapter } from './ollama-adapter.js';

const STATUS: Record<StatusFailure, [number, string]> = {
  unauthorized: [401, 'unauthorized'],
  forbidden: [403, 'forbidden'],
  model_not_found: [404, "model 'llama3.2' not found, try pulling it first"],
  request_timeout: [408, 'request timeout'],
  rate_limit: [429, 'too many requests'],
  quota: [429, 'you have reached your weekly usage limit'],
  server_error: [500, 'internal error'],
  unavailable: [503, 'server busy, please try again.  maximum pending requests exceeded'],
  overloaded: [529, 'overloaded'],
};

const line = (payload: object) => `${JSON.stringify(payload)}\n`;

const wire: ContractWire = {
  answer: (model) =>
    JSON.stringify({
      model,
      created_at: '2026-01-01T00:00:00Z',
      message: { role: 'assistant', content: 'ok' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 1,
      eval_count: 1,
    }),
  streamHead: (model) => line({ model, message: { role: 'assistant', content: 'ok' }, done: false }),
  streamTail: (model) =>
    line({
      model,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 1,
      eval_count: 1,
    }),
  streamContentType: 'application/x-ndjson',
  requestIdHeader: 'x-request-id',
  error(kind, echo): WireReply {
    const [status, message] = STATUS[kind];
    return { status, body: JSON.stringify({ error: `${message} (${echo})` }) };
  },
};

runAdapterContract('ollama', {
  model: 'llama3.2',
  wire,
  create: (options) => new OllamaAdapter(options),
});
