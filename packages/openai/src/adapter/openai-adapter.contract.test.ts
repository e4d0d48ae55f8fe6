import type { ContractWire, StatusFailure, WireReply } from '@apikeyrouter/testkit/contract';
import { runAdapterContract } from '@apikeyrouter/testkit/contract';
import { OpenAIAdapter } from './openai-adapter.js';

const STATUS: Record<StatusFailure, [number, string]> = {
  unauthorized: [401, 'invalid_api_key'],
  forbidden: [403, 'unsupported_country_region_territory'],
  model_not_found: [404, 'model_not_found'],
  request_timeout: [408, 'timeout'],
  rate_limit: [429, 'rate_limit_exceeded'],
  quota: [429, 'insufficient_quota'],
  server_error: [500, 'server_error'],
  unavailable: [503, 'service_unavailable'],
  overloaded: [529, 'overloaded'],
};

const chunk = (model: string, delta: object, finish: string | null, usage?: object) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;

const wire: ContractWire = {
  answer: (model) =>
    JSON.stringify({
      id: 'c1',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  streamHead: (model) => chunk(model, { role: 'assistant', content: 'ok' }, null),
  streamTail: (model) =>
    `${chunk(model, {}, 'stop')}${chunk(model, {}, null, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }).replace('"choices":[{"index":0,"delta":{},"finish_reason":null}]', '"choices":[]')}data: [DONE]\n\n`,
  streamContentType: 'text/event-stream',
  requestIdHeader: 'x-request-id',
  error(kind, echo): WireReply {
    const [status, code] = STATUS[kind];
    return {
      status,
      body: JSON.stringify({ error: { message: `failure for key ${echo}`, type: echo, param: echo, code } }),
    };
  },
};

runAdapterContract('openai', {
  model: 'gpt-4o-mini',
  wire,
  create: (options) => new OpenAIAdapter({ ...options, baseURL: `${options.baseURL}/v1` }),
});
