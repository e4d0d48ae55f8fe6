import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HttpFailure } from './http-failure.js';
import { type StreamEncoder, sseResponse } from './sse-response.js';
import type { StreamEvent } from './stream-events.js';

const wire: StreamEncoder = {
  start: () => 'start\n',
  event: (event) => (event.type === 'text' ? `${event.text}\n` : 'finish\n'),
  error: (failure) => `error ${failure.status}\n`,
};

function endless(): { source: AsyncIterator<StreamEvent>; pulls: () => number; returned: () => boolean } {
  let pulls = 0;
  let returned = false;
  return {
    source: {
      async next() {
        pulls++;
        return { done: false, value: { type: 'text', text: `t${pulls}` } };
      },
      async return() {
        returned = true;
        return { done: true, value: undefined };
      },
    },
    pulls: () => pulls,
    returned: () => returned,
  };
}

describe('sseResponse', () => {
  it('pulls from the source only as fast as the reader reads (bounded buffering)', async () => {
    const upstream = endless();
    let cancelled = false;
    const res = await sseResponse(
      upstream.source,
      wire,
      { onFirstEvent() {}, onEnd() {}, onCancel: () => (cancelled = true) },
      () => ({}),
    );
    const reader = res.body!.getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    for (let i = 0; i < 20; i++) await tick();
    expect(upstream.pulls()).toBeLessThanOrEqual(4);
    await reader.cancel();
    expect(cancelled).toBe(true);
    expect(upstream.returned()).toBe(true);
  });

  it('fails before the first event as an exception, after it as a typed error event', async () => {
    const failing: AsyncIterator<StreamEvent> = {
      async next() {
        throw new HttpFailure(429, 'rate_limit_error', 'rate_limit_exceeded', 'slow down');
      },
    };
    await expect(
      sseResponse(failing, wire, { onFirstEvent() {}, onEnd() {}, onCancel() {} }, () => ({})),
    ).rejects.toThrow('slow down');
    let calls = 0;
    const later: AsyncIterator<StreamEvent> = {
      async next() {
        calls++;
        if (calls === 1) return { done: false, value: { type: 'text', text: 'hi' } };
        throw new HttpFailure(502, 'upstream_error', 'upstream_error', 'cut');
      },
    };
    let ended: HttpFailure | undefined;
    const res = await sseResponse(
      later,
      wire,
      { onFirstEvent() {}, onEnd: (_f, failure) => (ended = failure), onCancel() {} },
      () => ({}),
    );
    expect(await res.text()).toBe('start\nhi\nerror 502\n');
    expect(ended?.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
  });
});
