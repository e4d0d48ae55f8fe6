export { createDashboard, type Dashboard } from './create-dashboard.js';
export type { DashboardOptions } from './dashboard-options.js';
export { toNodeListener } from './http/node-listener.js';
export type {
  BudgetCard,
  DashboardState,
  DecisionEntry,
  KeyRow,
  SpendPoint,
  SpendSeries,
  TimelineEntry,
  UsageBar,
} from './state/state-types.js';
