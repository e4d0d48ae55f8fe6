import type { ServerResponse } from 'node:http';
import type { Clock } from '@apikeyrouter/core';
import { writeSseEvent } from '../loopback-server.js';
import type { AnthropicStreamOutcome } from './anthropic-fake-types.js';
import type { SseEvent } from './anthropic-stream-events.js';

/**
 * Writes SSE events (the response must already be started), pausing `delayMs` on the clock before each, then
 * ends the response. Stops early and reports `cancelled` when the client goes away.
 *
 * @example
 * await writeSseEvents(res, messageEvents(message), { clock, delayMs: 0 }); // 'completed'
 */
export async function writeSseEvents(
  response: ServerResponse,
  events: readonly SseEvent[],
  options: { clock: Clock; delayMs: number },
): Promise<AnthropicStreamOutcome> {
  for (const { event, data } of events) {
    if (options.delayMs > 0) await options.clock.sleep(options.delayMs);
    if (response.destroyed) return 'cancelled';
    writeSseEvent(response, data, event);
  }
  response.end();
  return 'completed';
}
