import { OpenAI } from './client/openai-client.js';

export {
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
export type {
  CallOptions,
  ChatParams,
  ChatParamsNonStreaming,
  ChatParamsStreaming,
  RouterChatExtensions,
} from './chat/chat-params.js';
export { ChatCompletionStream, type StreamMeta } from './chat/chat-stream.js';
export { Completions } from './chat/completions.js';
export { type RoutingInfo, routingInfo } from './chat/routing-info.js';
export {
  type RoutedChatCompletion,
  servedModel,
  toChatCompletion,
} from './chat/to-completion.js';
export { type CallDefaults, type RoutedCall, toRoutedCall } from './chat/to-intent.js';
export { toMessages } from './chat/to-messages.js';
export type { OpenAIOptions } from './client/client-options.js';
export { type EmbeddingParams, Embeddings, type RoutedEmbeddingResponse } from './embeddings/embeddings.js';
export { envValue, keysFromEnv } from './env/env-keys.js';
export { ENV_PROVIDERS, type EnvProvider } from './env/env-providers.js';
export { type EnvRouter, type RouterFromEnvOptions, routerFromEnv } from './env/router-from-env.js';
export {
  invalidParam,
  type RoutedOpenAIError,
  type RouterErrorFields,
  toOpenAIError,
} from './errors/to-openai-error.js';
export { type ModelList, type ModelLister, Models } from './models/models.js';
export { OpenAI };
export default OpenAI;
