/** One access-log line: identity and outcome of a request, never a secret or a prompt. */
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
