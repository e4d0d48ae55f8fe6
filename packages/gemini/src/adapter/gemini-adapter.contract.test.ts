import { GEMINI_QUOTAS, geminiErrors } from '@apikeyrouter/testkit';
import type { ContractWire, StatusFailure, WireReply } from '@apikeyrouter/testkit/contract';
import { runAdapterContract } from '@apikeyrouter/testkit/contract';
import { GeminiAdapter } from './gemini-adapter.js';

const STATUS: Record<StatusFailure, [number, string]> = {
  unauthorized: [401, 'UNAUTHENTICATED'],
  forbidden: [403, 'PERMISSION_DENIED'],
  model_not_found: [404, 'NOT_FOUND'],
  request_timeout: [408, 'DEADLINE_EXCEEDED'],
  rate_limit: [429, 'RESOURCE_EXHAUSTED'],
  quota: [429, 'RESOURCE_EXHAUSTED'],
  server_error: [500, 'INTERNAL'],
  unavailable: [503, 'UNAVAILABLE'],
  overloaded: [529, 'UNAVAILABLE'],
};

const candidate = (text: string, finishReason?: string) => ({
  content: { role: 'model', parts: [{ text }] },
  ...(finishReason ? { finishReason } : {}),
});
const usage = { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 };
const sse = (payload: object) => `data: ${JSON.stringify(payload)}\r\n\r\n`;

const wire: ContractWire = {
  answer: (model) =>
    JSON.stringify({ candidates: [candidate('ok', 'STOP')], usageMetadata: usage, modelVersion: model }),
  streamHead: (model) => sse({ candidates: [candidate('ok')], modelVersion: model }),
  streamTail: (model) =>
    sse({ candidates: [candidate('', 'STOP')], usageMetadata: usage, modelVersion: model }),
  streamContentType: 'text/event-stream',
  error(kind, echo): WireReply {
    const [status, code] = STATUS[kind];
    if (kind === 'quota') {
      const body = geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerDay, 1500, 'gemini-2.0-flash', 60_000);
      body.error.message = `${body.error.message} ${echo}`;
      return { status, body: JSON.stringify(body) };
    }
    return {
      status,
      body: JSON.stringify({ error: { code: status, message: `failure for ${echo}`, status: code } }),
    };
  },
};

runAdapterContract('gemini', {
  model: 'gemini-2.0-flash',
  wire,
  create: (options) => new GeminiAdapter(options),
});
