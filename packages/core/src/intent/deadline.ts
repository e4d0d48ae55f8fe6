import { z } from 'zod';

/**
 * Longest deadline a request may have, in ms (2^31 − 1, about 24.8 days): the largest delay Node's timers
 * keep; a longer one would be clamped to 1 ms and time the request out at once.
 *
 * @example
 * ```ts
 * // Clamp a caller-supplied deadline into the range route() accepts.
 * const deadlineMs = Math.min(Math.max(1, requestedMs), MAX_DEADLINE_MS);
 * await router.route(intent, 'balanced', { deadlineMs });
 * ```
 */
export const MAX_DEADLINE_MS = 2_147_483_647;

/**
 * A request deadline in ms: a positive integer no greater than {@link MAX_DEADLINE_MS}.
 *
 * @example
 * deadlineMsSchema.parse(30_000);
 */
export const deadlineMsSchema = z.number().int().positive().max(MAX_DEADLINE_MS);
