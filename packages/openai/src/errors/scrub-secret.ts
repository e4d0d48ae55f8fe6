export { scrubSecret } from '@apikeyrouter/provider';
