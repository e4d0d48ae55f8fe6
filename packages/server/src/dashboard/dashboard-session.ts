import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '@apikeyrouter/core';
import { sameSecret } from '../auth/secret-digest.js';

/** Name of the dashboard session cookie. */
export const SESSION_COOKIE = 'akr_dashboard';

/** How long a dashboard login lasts: short, because the cookie grants the admin token's read access. */
export const SESSION_TTL_MS = 30 * 60_000;

/**
 * Dashboard sessions: a cookie value `<expiry>.<mac>` where the MAC is an HMAC over the expiry under a key
 * derived from a per-process random secret and the admin token. The cookie never holds the token, cannot be
 * forged without both, stops working when the token changes on a config reload or the process restarts,
 * and expires after {@link SESSION_TTL_MS} of gateway clock time.
 *
 * @example
 * const sessions = new DashboardSessions(clock);
 * const value = sessions.issue(adminToken);
 * sessions.verify(value, adminToken); // true until it expires
 */
export class DashboardSessions {
  readonly #secret = randomBytes(32);
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #mac(token: string, expiresAt: number): string {
    const key = createHmac('sha256', this.#secret).update(token, 'utf8').digest();
    return createHmac('sha256', key).update(`dashboard-session:${expiresAt}`).digest('base64url');
  }

  /** A fresh session value for the admin token. */
  issue(token: string): string {
    const expiresAt = Math.floor(this.#clock.now()) + SESSION_TTL_MS;
    return `${expiresAt}.${this.#mac(token, expiresAt)}`;
  }

  /** Whether a cookie value is a live session for the admin token. */
  verify(value: string | undefined, token: string): boolean {
    if (value === undefined) return false;
    const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return false;
    const expiresAt = Number(match[1]);
    const valid = sameSecret(match[2] as string, this.#mac(token, expiresAt));
    return valid && expiresAt > this.#clock.now();
  }
}

/**
 * The value of one cookie in a `Cookie` header (the first occurrence), or undefined.
 *
 * @example
 * cookieValue('a=1; akr_dashboard=x', 'akr_dashboard'); // 'x'
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
