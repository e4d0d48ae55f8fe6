export { RouterEmbeddingModel } from './embedding/router-embedding-model.js';
export { abortReason, type RouterErrorData, toAPICallError } from './errors/to-api-call-error.js';
export { routerMetadata, toFinishReason, toUsage } from './language-model/from-response.js';
export { RouterLanguageModel } from './language-model/router-language-model.js';
export { StreamParts } from './language-model/stream-parts.js';
export { type RoutedCall, toRoutedCall } from './language-model/to-intent.js';
export { toMessages } from './language-model/to-messages.js';
export { type ApiKeyRouterProvider, createApiKeyRouter } from './provider/create-api-key-router.js';
export type { ApiKeyRouterCallOptions, ApiKeyRouterProviderOptions } from './provider/provider-options.js';
