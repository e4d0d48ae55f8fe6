import type { ApiKeyRouter } from '@apikeyrouter/core';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'openai';
import { Completions } from '../chat/completions.js';
import type { CallDefaults } from '../chat/to-intent.js';
import { Embeddings } from '../embeddings/embeddings.js';
import { routerFromEnv } from '../env/router-from-env.js';
import { type ModelLister, Models } from '../models/models.js';
import type { OpenAIOptions } from './client-options.js';

function defaultsOf(options: OpenAIOptions): CallDefaults {
  const defaults: CallDefaults = {};
  if (options.timeout !== undefined) defaults.timeout = options.timeout;
  if (options.maxRetries !== undefined) defaults.maxRetries = options.maxRetries;
  if (options.objective !== undefined) defaults.objective = options.objective;
  return defaults;
}

/**
 * A drop-in for the `openai` SDK's client that routes every call in-process through ApiKeyRouter: change the
 * import, keep the code. `chat.completions.create` (streaming too), `embeddings.create` and `models.list`
 * take and return the SDK's own types; errors are the SDK's own classes (also reachable as statics, e.g.
 * `OpenAI.RateLimitError`). Model names may be bare (`gpt-4o-mini`) or `provider/model`.
 *
 * @example
 * import OpenAI from '@apikeyrouter/openai-compat'; // was: import OpenAI from 'openai';
 * const client = new OpenAI(); // keys from OPENAI_API_KEY(S), ANTHROPIC_API_KEY(S), …
 * const completion = await client.chat.completions.create({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hi' }],
 *   fallback_models: ['anthropic/claude-3-5-haiku-latest'],
 * });
 */
export class OpenAI {
  static readonly OpenAIError = OpenAIError;
  static readonly APIError = APIError;
  static readonly APIConnectionError = APIConnectionError;
  static readonly APIConnectionTimeoutError = APIConnectionTimeoutError;
  static readonly APIUserAbortError = APIUserAbortError;
  static readonly BadRequestError = BadRequestError;
  static readonly AuthenticationError = AuthenticationError;
  static readonly PermissionDeniedError = PermissionDeniedError;
  static readonly NotFoundError = NotFoundError;
  static readonly ConflictError = ConflictError;
  static readonly UnprocessableEntityError = UnprocessableEntityError;
  static readonly RateLimitError = RateLimitError;
  static readonly InternalServerError = InternalServerError;

  /** The router every call goes through. */
  readonly router: ApiKeyRouter;
  /** `client.chat.completions.create(…)`. */
  readonly chat: { completions: Completions };
  /** `client.embeddings.create(…)`. */
  readonly embeddings: Embeddings;
  /** `client.models.list()`. */
  readonly models: Models;

  constructor(options: OpenAIOptions = {}) {
    const defaults = defaultsOf(options);
    let ready: () => Promise<ApiKeyRouter>;
    let declared: ReadonlyMap<string, readonly string[]>;
    let listers: ModelLister[] = [];
    if (options.router) {
      const router = options.router;
      this.router = router;
      ready = () => Promise.resolve(router);
      declared = new Map(Object.entries(options.models ?? {}));
    } else {
      const built = routerFromEnv({
        ...(options.env ? { env: options.env } : {}),
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.baseURL ? { baseURL: options.baseURL } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      });
      this.router = built.router;
      const router = built.router;
      ready = () => built.ready.then(() => router);
      declared = built.declared;
      listers = built.listers;
    }
    this.chat = { completions: new Completions(ready, defaults) };
    this.embeddings = new Embeddings(ready, defaults);
    this.models = new Models(ready, declared, listers);
  }
}
