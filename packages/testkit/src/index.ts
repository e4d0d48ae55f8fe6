export * from './assertions/router-error-of.js';
export * from './fake-adapter/index.js';
export * from './fake-http/index.js';
export * from './limits/index.js';
export * from './simulation/index.js';
export * from './store-conformance/index.js';
