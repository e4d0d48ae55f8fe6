import { VirtualClock } from '@apikeyrouter/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieValue, DashboardSessions, SESSION_TTL_MS } from './dashboard-session.js';

const TOKEN = 'admin-token-0123456789abcdef';

describe('dashboard sessions', () => {
  it('verify a fresh session until it expires, and only for the token it was issued for', async () => {
    const clock = new VirtualClock();
    const sessions = new DashboardSessions(clock);
    const value = sessions.issue(TOKEN);
    expect(value).not.toContain(TOKEN);
    expect(sessions.verify(value, TOKEN)).toBe(true);
    expect(sessions.verify(value, `${TOKEN}x`)).toBe(false);
    expect(new DashboardSessions(clock).verify(value, TOKEN)).toBe(false);
    await clock.advance(SESSION_TTL_MS - 1);
    expect(sessions.verify(value, TOKEN)).toBe(true);
    await clock.advance(1);
    expect(sessions.verify(value, TOKEN)).toBe(false);
  });

  it('refuses an extended expiry and any other string', () => {
    const clock = new VirtualClock();
    const sessions = new DashboardSessions(clock);
    const [expiry, mac] = sessions.issue(TOKEN).split('.');
    expect(sessions.verify(`${Number(expiry) + 1}.${mac}`, TOKEN)).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        expect(sessions.verify(value, TOKEN)).toBe(false);
      }),
    );
  });

  it('reads one cookie out of a header', () => {
    expect(cookieValue('a=1; akr_dashboard=x.y; b=2', 'akr_dashboard')).toBe('x.y');
    expect(cookieValue('akr_dashboardx=1', 'akr_dashboard')).toBeUndefined();
    expect(cookieValue(undefined, 'akr_dashboard')).toBeUndefined();
  });
});
