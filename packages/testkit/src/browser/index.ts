export { CHROMIUM_FLAGS, chromiumPath } from './chromium-path.js';
