export type { Clock, TimerHandle } from '@apikeyrouter/provider';
