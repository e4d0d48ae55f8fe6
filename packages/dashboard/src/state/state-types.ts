/**
 * One quota dimension as a bar: used and reserved against the limit in force.
 *
 * @example
 * const rpm: UsageBar = { used: 12, reserved: 2, limit: 60, source: 'declared' };
 */
export interface UsageBar {
  /** Committed usage in the current window. */
  used: number;
  /** Held by requests in flight. */
  reserved: number;
  /** The limit in force (declared or learned). */
  limit: number;
  /** Where the limit comes from. */
  source: 'declared' | 'learned';
}

/**
 * A key row of the dashboard. Never material: ids, labels, states and numbers.
 *
 * @example
 * const row: KeyRow | undefined = state.keys.find((k) => k.state === 'throttled');
 */
export interface KeyRow {
  /** Key id. */
  id: string;
  /** Key label. */
  label: string;
  /** Provider id. */
  providerId: string;
  /** State name. */
  state: string;
  /** Epoch ms the key entered its state. */
  since: number;
  /** Epoch ms a timed state ends. */
  until?: number;
  /** Why it is in this state (redacted by the router). */
  reason: string;
  /** Models the key is restricted to; absent for all of its provider's models. */
  models?: string[];
  /** Requests per minute, when a limit is known. */
  rpm?: UsageBar;
  /** Tokens per minute, when a limit is known. */
  tpm?: UsageBar;
  /** Requests in flight. */
  inFlight: number;
  /** Quota capacity bucket (`abundant` … `exhausted`). */
  capacity: string;
  /** Spend in the last 24 hours, USD, decimal string. */
  spend24h: string;
  /** Requests served, succeeded and failed since registration. */
  requests: number;
  /** Successful calls. */
  successes: number;
  /** Failed calls. */
  failures: number;
  /** Smoothed latency of successful calls, ms. */
  latencyMs?: number;
  /** The latest state transitions, oldest first. */
  timeline: TimelineEntry[];
}

/**
 * One key state transition.
 *
 * @example
 * const last: TimelineEntry | undefined = row.timeline.at(-1);
 */
export interface TimelineEntry {
  /** State before. */
  from: string;
  /** State after. */
  to: string;
  /** What drove it. */
  trigger: string;
  /** Why. */
  reason: string;
  /** Epoch ms. */
  at: number;
  /** End of a timed state. */
  until?: number;
}

/**
 * One point of a spend series: spend in the hour starting at `at`, and the running total.
 *
 * @example
 * const point: SpendPoint = { at: Date.UTC(2026, 0, 1), spend: '0.12', cumulative: '0.40' };
 */
export interface SpendPoint {
  /** Epoch ms of the hour's start. */
  at: number;
  /** Spend in that hour, USD decimal string. */
  spend: string;
  /** Spend since the first point, USD decimal string. */
  cumulative: string;
}

/**
 * A budget card: where it stands, its burn-down over the window and the forecast at reset.
 *
 * @example
 * const over = state.budgets.filter((b: BudgetCard) => Number(b.forecast) > Number(b.limit));
 */
export interface BudgetCard {
  /** Budget id. */
  id: string;
  /** Name, or a description of its scope. */
  name: string;
  /** Scope and scope id. */
  scope: string;
  /** `hard`, `soft` or `downgrade`. */
  enforcementMode: string;
  /** Limit per window, USD. */
  limit: string;
  /** Spent in the window, USD. */
  spent: string;
  /** Held by requests in flight, USD. */
  reserved: string;
  /** Left, USD. */
  remaining: string;
  /** Window start, epoch ms. */
  windowStart?: number;
  /** Window end, epoch ms. */
  resetAt?: number;
  /** Spend at reset if the rate so far continues, USD. */
  forecast?: string;
  /** Hourly spend since the window start (at most 48 points). */
  burn: SpendPoint[];
}

/**
 * Spend of one scope over the last 24 hours.
 *
 * @example
 * const global: SpendSeries | undefined = state.spend.find((s) => s.scope === 'global');
 */
export interface SpendSeries {
  /** `global`, `provider:openai`, `tag:team:search` … */
  scope: string;
  /** Total over the series, USD. */
  total: string;
  /** Hourly points. */
  points: SpendPoint[];
}

/**
 * A routing decision as the dashboard lists it.
 *
 * @example
 * const failed = state.decisions.filter((d: DecisionEntry) => d.outcome?.ok === false);
 */
export interface DecisionEntry {
  /** Router request id. */
  requestId: string;
  /** Epoch ms of the (latest) decision for this request. */
  at: number;
  /** Model requested. */
  model: string;
  /** Chosen key id, if any. */
  chosenKeyId?: string;
  /** One-line explanation. */
  summary: string;
  /** The explanation's data: objective, candidates (capped), chosen, runner-up, margin, attempts. */
  explanation: Record<string, unknown>;
  /** Outcome, once the request completed. */
  outcome?: { ok: boolean; latencyMs: number; cost?: string; errorCategory?: string };
}

/**
 * Everything `GET <basePath>/api/state` returns.
 *
 * @example
 * const state: DashboardState = await (await fetch('/dashboard/api/state')).json();
 */
export interface DashboardState {
  /** Epoch ms of the router clock when built. */
  now: number;
  /** Every key. */
  keys: KeyRow[];
  /** Every budget. */
  budgets: BudgetCard[];
  /** Spend by global, provider and tag scope, last 24 h. */
  spend: SpendSeries[];
  /** Latest decisions, newest first. */
  decisions: DecisionEntry[];
}
