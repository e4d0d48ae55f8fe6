export { RouterError, type RouterErrorOptions } from '@apikeyrouter/provider';
