import type { FakeRequest } from '../loopback-server.js';
import type { OpenAIFakeFlavor } from './openai-fake-options.js';

/** An endpoint the fake serves. */
export type OpenAIFakeRoute =
  | { kind: 'chat'; deployment?: string }
  | { kind: 'embeddings'; deployment?: string }
  | { kind: 'models' };

const OPENAI_PATH = /^(?:\/openai)?\/v1\/(chat\/completions|embeddings|models)$/;
const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;

/**
 * Matches a request to an endpoint: `/v1/...` (also Groq's `/openai/v1/...`), or Azure's
 * `/openai/deployments/{deployment}/...` and `/openai/models`, which need an `api-version` query.
 *
 * @example
 * matchOpenAIRoute({ method: 'POST', path: '/v1/chat/completions', … }, 'openai'); // { kind: 'chat' }
 */
export function matchOpenAIRoute(
  request: FakeRequest,
  flavor: OpenAIFakeFlavor,
): OpenAIFakeRoute | undefined {
  const method = request.method;
  if (flavor === 'azure') {
    if (!request.query.get('api-version')) return undefined;
    if (request.path === '/openai/models') return method === 'GET' ? { kind: 'models' } : undefined;
    const match = AZURE_PATH.exec(request.path);
    if (!match || method !== 'POST') return undefined;
    const deployment = decodeURIComponent(match[1] as string);
    return match[2] === 'embeddings' ? { kind: 'embeddings', deployment } : { kind: 'chat', deployment };
  }
  const match = OPENAI_PATH.exec(request.path);
  if (!match) return undefined;
  if (match[1] === 'models') return method === 'GET' ? { kind: 'models' } : undefined;
  if (method !== 'POST') return undefined;
  return match[1] === 'embeddings' ? { kind: 'embeddings' } : { kind: 'chat' };
}

/**
 * The key material a request carries: `Authorization: Bearer …`, or Azure's `api-key` header.
 *
 * @example
 * keyOf(request, 'openai'); // 'sk-…' or undefined
 */
export function keyOf(request: FakeRequest, flavor: OpenAIFakeFlavor): string | undefined {
  if (flavor === 'azure') {
    const value = request.headers['api-key'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }
  const auth = request.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
  return match?.[1];
}
