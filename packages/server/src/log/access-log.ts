/**
 * One access-log line: identity and outcome of a request, never a secret or a prompt.
 *
 * @example
 * ```ts
 * const gateway = await Gateway.create(config, {
 *   accessLog: (line: AccessLogLine) => {
 *     if (line.status >= 500) console.error(line.requestId, line.path, line.status, line.provider, line.keyId);
 *   },
 * });
 * ```
 */
export interface AccessLogLine {
  time: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  virtualKey: string | undefined;
  model: string;
  provider: string;
  keyId: string | undefined;
  attempts: number;
  cost: string | undefined;
  cache: 'hit' | 'miss' | undefined;
  latencyMs: number;
}
