export type { Usage } from '@apikeyrouter/provider';
