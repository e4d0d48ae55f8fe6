import type { OpenAIAdapterOptions } from './openai-adapter-options.js';

/**
 * The headers of one request: accept/content type, organization and project, the router's request id,
 * the caller's extra headers, then auth (Bearer, or Azure's `api-key`; none for an empty key) so that extra
 * headers can never replace or drop the key.
 *
 * @example
 * openAIRequestHeaders(options, { apiKey: 'sk-…', requestId: 'r1', stream: false, hasBody: true });
 */
export function openAIRequestHeaders(
  options: OpenAIAdapterOptions,
  request: { apiKey: string; requestId: string; stream: boolean; hasBody: boolean },
): Record<string, string> {
  const headers: Record<string, string> = {
    accept: request.stream ? 'text/event-stream' : 'application/json',
  };
  if (request.hasBody) headers['content-type'] = 'application/json';
  if (options.organization) headers['openai-organization'] = options.organization;
  if (options.project) headers['openai-project'] = options.project;
  if (request.requestId) headers['x-client-request-id'] = request.requestId;
  Object.assign(headers, options.headers);
  if (request.apiKey !== '') {
    if (options.auth === 'api-key') headers['api-key'] = request.apiKey;
    else headers.authorization = `Bearer ${request.apiKey}`;
  }
  return headers;
}
