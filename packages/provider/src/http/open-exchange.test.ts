import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.test-helpers.js';
import { RouterError } from '../errors/router-error.js';
import { caught, useLoopbacks } from './loopback.test-helpers.js';
import { type ExchangeRequest, openExchange, readExchangeText, type StatusFailure } from './open-exchange.js';

const serve = useLoopbacks();
const SECRET = 'sk-open-exchange-CANARY-42';

function request(url: string, clock: ManualClock, overrides: Partial<ExchangeRequest> = {}): ExchangeRequest {
  return {
    providerId: 'p',
    url,
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}` },
    body: '{}',
    parentSignal: new AbortController().signal,
    clock,
    timeouts: { timeoutMs: 60_000, idleTimeoutMs: 10_000 },
    maxResponseBytes: 64,
    ...overrides,
  };
}

function recordFailures(): { seen: StatusFailure[]; toError: (failure: StatusFailure) => RouterError } {
  const seen: StatusFailure[] = [];
  return {
    seen,
    toError: (failure) => {
      seen.push(failure);
      return new RouterError('rate_limit', `mapped ${failure.status}`, {
        providerId: 'p',
        status: failure.status,
      });
    },
  };
}

describe('openExchange', () => {
  it('hands a 2xx back unread with a live call signal, for whole or streamed reads', async () => {
    const clock = new ManualClock();
    const server = await serve((_req, res) => res.end('{"ok":true}'));
    for (const wholeBodyMaxBytes of [64, undefined]) {
      const req = request(server.url, clock, { wholeBodyMaxBytes });
      const { toError, seen } = recordFailures();
      const open = await openExchange(req, toError);
      expect(clock.pendingTimers).toBeGreaterThan(0);
      expect(await readExchangeText(open, req)).toBe('{"ok":true}');
      open.callSignal.dispose();
      expect(clock.pendingTimers).toBe(0);
      expect(seen).toEqual([]);
    }
  });

  it('reads a non-2xx body within the cap and throws what the adapter maps it to', async () => {
    const clock = new ManualClock();
    const server = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end('{"error":"slow down"}');
    });
    const { toError, seen } = recordFailures();
    const error = await caught(openExchange(request(server.url, clock), toError));
    expect([error.category, error.message, error.status]).toEqual(['rate_limit', 'mapped 429', 429]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.text).toBe('{"error":"slow down"}');
    expect(seen[0]?.headers.get('retry-after')).toBe('7');
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails an error body over the cap as response_too_large without calling the mapper', async () => {
    const clock = new ManualClock();
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end('x'.repeat(65));
    });
    const { toError, seen } = recordFailures();
    const error = await caught(openExchange(request(server.url, clock), toError));
    expect([error.code, error.status]).toEqual(['response_too_large', 500]);
    expect(seen).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('classifies a refused connection as network, frees its timers and never shows the key', async () => {
    const clock = new ManualClock();
    const server = await serve(() => {});
    const url = server.url;
    await server.close();
    const { toError, seen } = recordFailures();
    const error = await caught(openExchange(request(url, clock), toError));
    expect(error.category).toBe('network');
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(seen).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ends a silent upstream at the whole-call timeout on the router clock', async () => {
    const clock = new ManualClock();
    const server = await serve(() => {});
    const { toError } = recordFailures();
    const pending = caught(openExchange(request(server.url, clock), toError));
    await clock.advance(60_000);
    const error = await pending;
    expect(error.category).toBe('timeout');
    expect(clock.pendingTimers).toBe(0);
  });
});
