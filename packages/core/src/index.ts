export * from './adapter/index.js';
export * from './clock/index.js';
export * from './errors/index.js';
export * from './intent/index.js';
export { deriveKeyId } from './keys/key-id.js';
export { Secret } from './keys/secret.js';
export * from './routing/explanation/index.js';
