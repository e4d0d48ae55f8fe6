import type { ApiKeyRouter, Clock, ObjectiveInput } from '@apikeyrouter/core';

/**
 * Options of `new OpenAI()`. Either a ready `router`, or nothing (the router is built from the
 * environment). The `openai` SDK's own `apiKey`, `baseURL`, `timeout` and `maxRetries` are honoured, so
 * existing constructor calls keep working.
 *
 * @example
 * new OpenAI({ router, objective: 'cost', maxRetries: 2 });
 */
export interface OpenAIOptions {
  /** Route through this router instead of building one from the environment. */
  router?: ApiKeyRouter;
  /** An extra OpenAI key (the SDK's option); ignored when `router` is given. */
  apiKey?: string;
  /** OpenAI base URL (the SDK's option); ignored when `router` is given. */
  baseURL?: string;
  /** Deadline per call in ms, failover included. */
  timeout?: number;
  /** Most retries after the first attempt, per call. */
  maxRetries?: number;
  /** Default routing objective. */
  objective?: ObjectiveInput;
  /** Environment to read instead of `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Clock for a router built from the environment (tests pass a virtual one). */
  clock?: Clock;
  /** Concrete models per provider id for `models.list()` when `router` is given. */
  models?: Readonly<Record<string, readonly string[]>>;
}
