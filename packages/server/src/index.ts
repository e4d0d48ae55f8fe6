export { hashKey } from './auth/virtual-key-store.js';
export type { CacheStore } from './cache/cache-store.js';
export { MemoryCacheStore, type MemoryCacheStoreOptions } from './cache/memory-cache-store.js';
export { type CliIO, runCli } from './cli/run-cli.js';
export { ADAPTER_NAMES } from './config/config-entries.js';
export { ConfigError, type ConfigIssue } from './config/config-error.js';
export {
  type GatewayConfig,
  type GatewayConfigInput,
  gatewayConfigSchema,
  type ProviderConfig,
  type VirtualKeyConfig,
} from './config/config-schema.js';
export { interpolateEnv, type MissingVariable } from './config/interpolate-env.js';
export { loadConfigFile, parseConfig } from './config/load-config.js';
export { redactConfig } from './config/redact-config.js';
export { CATEGORY_STATUS, HttpFailure, type OpenAIErrorType } from './http/http-failure.js';
export type { AccessLogLine } from './log/access-log.js';
export { GatewayMetrics } from './metrics/gateway-metrics.js';
export { Gateway, type GatewayOptions } from './server/gateway.js';
export { type RunningGateway, type StartGatewayOptions, startGateway } from './server/start-gateway.js';
