export {
  type AdapterCapabilities,
  type ModelCapabilities,
  modelMatches,
  resolveModelCapabilities,
} from '@apikeyrouter/provider';
