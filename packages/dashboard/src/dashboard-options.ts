import type { ApiKeyRouter } from '@apikeyrouter/core';

/**
 * Options of {@link createDashboard}.
 *
 * @example
 * const dash = createDashboard({ router, basePath: '/dashboard', authorize: (req) => req.headers.get('x-admin') === token });
 */
export interface DashboardOptions {
  /** The router to show. */
  router: ApiKeyRouter;
  /** Path the dashboard is mounted under, without a trailing slash. Default `/dashboard`. */
  basePath?: string;
  /**
   * Decides whether a request may see the dashboard; a `false` answer gives a 401. Authentication is the mounting
   * server's job (the gateway's admin token); this hook is for servers that have no middleware. Default: allow.
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /**
   * Tag scopes (`name:value`, e.g. `team:search` or `virtualKey:ci`) whose spend over time is charted, besides
   * the tags of tag budgets. A function is called on every state request, so new virtual keys show up.
   */
  spendTags?: readonly string[] | (() => readonly string[]);
  /** Latest decisions kept for the decision list. Default 50. */
  maxDecisions?: number;
  /** Events buffered per live-update client before it counts as too slow and is dropped. Default 256. */
  clientBufferSize?: number;
  /** Live-update clients at once; more get a 503. Default 32. */
  maxClients?: number;
}
