import { SystemClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import type { GatewayHost } from './gateway-host.js';
import { newRequestState } from './request-state.js';

function host(accessLog: GatewayHost['accessLog']) {
  const bugs: string[] = [];
  const inFlight: number[] = [];
  const fake = {
    runtime: () => ({}),
    metrics: { inFlight: (d: number) => inFlight.push(d), record: () => undefined },
    clock: new SystemClock(),
    accessLog,
    reportBug: (where: string) => bugs.push(where),
  } as unknown as GatewayHost;
  return { fake, bugs, inFlight };
}

describe('newRequestState', () => {
  it('logs once however often finish() is called', () => {
    const lines: unknown[] = [];
    const { fake, inFlight } = host((line) => lines.push(line));
    const state = newRequestState(fake, 'POST', '/v1/chat/completions');
    state.outcome.status = 200;
    state.finish();
    state.finish();
    expect(lines).toHaveLength(1);
    expect(inFlight).toEqual([-1]);
  });

  it('reports a throwing access-log sink instead of throwing (finish runs after the answer was sent)', () => {
    const { fake, bugs } = host(() => {
      throw new Error('sink down');
    });
    const state = newRequestState(fake, 'POST', '/v1/chat/completions');
    expect(() => state.finish()).not.toThrow();
    expect(bugs).toEqual(['request log']);
  });
});
