export type {
  AdapterCall,
  AdapterResponse,
  AdapterStream,
  AdapterStreamPart,
  ClassifyContext,
  EmbedCall,
  EmbedResponse,
  FinishReason,
  ProviderAdapter,
} from '@apikeyrouter/provider';
