export type { Clock, TimerHandle } from './clock.js';
export { SystemClock } from './system-clock.js';
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js';
