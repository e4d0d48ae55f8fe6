import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.test-helpers.js';
import { createCallSignal } from './call-signal.js';
import { classifyTransportError } from './classify-transport-error.js';
import { parseGoDuration } from './go-duration.js';
import { parseRetryAfter } from './retry-after.js';
import { categoryForStatus } from './status-category.js';

describe('parseGoDuration', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['12ms', 12],
    ['2m59.56s', 179_560],
    ['1h2m', 3_720_000],
    ['20', 20_000],
    ['0s', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '-1', 'abc', '1x', '1s junk', null, undefined])('rejects %s', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(now + 30_000).toUTCString() }), now)).toBe(
      30_000,
    );
  });

  it('ignores garbage and negatives', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe('categoryForStatus', () => {
  it.each([
    [400, 'validation'],
    [401, 'authentication'],
    [402, 'quota_exhausted'],
    [403, 'permission'],
    [404, 'not_found'],
    [408, 'timeout'],
    [429, 'rate_limit'],
    [500, 'provider'],
    [503, 'provider'],
  ])('%d → %s', (status, category) => {
    expect(categoryForStatus(status)).toBe(category);
  });
});

describe('createCallSignal and classifyTransportError', () => {
  it('times out on the clock and says so', async () => {
    const clock = new ManualClock(0);
    const parent = new AbortController();
    const call = createCallSignal(parent.signal, 1000, clock);
    await clock.advance(1000);
    expect(call.signal.aborted).toBe(true);
    expect(call.timedOut).toBe(true);
    const error = classifyTransportError(call.signal.reason, {
      providerId: 'p',
      timedOut: call.timedOut,
      aborted: parent.signal.aborted,
    });
    expect(error?.category).toBe('timeout');
    call.dispose();
  });

  it('propagates the caller abort as aborted', () => {
    const clock = new ManualClock(0);
    const parent = new AbortController();
    const call = createCallSignal(parent.signal, 1000, clock);
    parent.abort();
    expect(call.signal.aborted).toBe(true);
    const error = classifyTransportError(new DOMException('x', 'AbortError'), {
      providerId: 'p',
      timedOut: false,
      aborted: true,
    });
    expect(error?.category).toBe('aborted');
    call.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it('classifies socket errors as network and leaves others alone', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(
      classifyTransportError(reset, { providerId: 'p', timedOut: false, aborted: false })?.category,
    ).toBe('network');
    expect(
      classifyTransportError(new Error('other'), { providerId: 'p', timedOut: false, aborted: false }),
    ).toBeUndefined();
  });
});
