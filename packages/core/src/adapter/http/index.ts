export { type CallSignal, createCallSignal } from './call-signal.js';
export { classifyTransportError } from './classify-transport-error.js';
export { parseGoDuration } from './go-duration.js';
export { parseRetryAfter } from './retry-after.js';
export { categoryForStatus } from './status-category.js';
