/**
 * Faults a simulated HTTP provider can inject. Each flavor renders them in its own wire format.
 * - `rate_limit`: a temporary 429 (OpenAI `rate_limit_exceeded`, Anthropic `rate_limit_error`, Gemini per-minute).
 * - `quota_exhausted`: billing or period quota gone (OpenAI `insufficient_quota`, Anthropic 402, Gemini per-day).
 * - `request_too_large`: OpenAI's "Request too large … Limit N, Requested M" 429.
 * - `unauthorized`: 401. `forbidden`: 403. `not_found`: 404 model not found. `bad_request`: 400.
 * - `context_length`: 400 context length exceeded. `content_filter`: the answer is filtered.
 * - `server_error`: 500. `overloaded`: 503, or 529 for Anthropic.
 * - `slow`: answers after `delayMs`. `timeout`: never answers (until the client gives up).
 * - `connection_reset`: the socket is destroyed before any response.
 * - `malformed_json`: HTTP 200 with a body that is not JSON.
 * - `stream_cut`: a stream that stops mid-way without its terminator.
 * - `error_after_200`: a stream that starts with 200 and then sends the flavor's error event.
 *
 * @example
 * ```ts
 * const kind: FaultKind = 'stream_cut';
 * const fake = await startFakeProvider({ flavor: 'openai', keys: { 'sk-a': {} }, faults: [{ kind, stream: true }] });
 * ```
 */
export type FaultKind =
  | 'rate_limit'
  | 'quota_exhausted'
  | 'request_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'context_length'
  | 'content_filter'
  | 'server_error'
  | 'overloaded'
  | 'slow'
  | 'timeout'
  | 'connection_reset'
  | 'malformed_json'
  | 'stream_cut'
  | 'error_after_200';

/**
 * One scripted fault.
 *
 * @example
 * ```ts
 * const faults: FaultSpec[] = [
 *   { kind: 'rate_limit', key: 'sk-a', delayMs: 2_000 }, // one 429 announcing retry-after 2 s
 *   { kind: 'server_error', after: 3, times: Infinity }, // every request after the third fails
 * ];
 * const fake = await startFakeProvider({ flavor: 'openai', keys: { 'sk-a': {}, 'sk-b': {} }, faults });
 * ```
 */
export interface FaultSpec {
  /** What goes wrong. */
  kind: FaultKind;
  /** Only for requests made with this key material (any key when omitted). */
  key?: string;
  /** How many requests it hits; afterwards it is spent. Default 1. Use `Infinity` for always. */
  times?: number;
  /** Skip this many matching requests before the fault starts. Default 0. */
  after?: number;
  /** Only for streamed (`true`) or non-streamed (`false`) requests. */
  stream?: boolean;
  /** For `slow`: extra delay in ms. For `rate_limit`: the retry-after to announce, in ms. */
  delayMs?: number;
}

/**
 * Hands out scripted faults in order. Tests can add more while the server runs.
 *
 * @example
 * const faults = new FaultScript([{ kind: 'server_error', times: 2 }]);
 * faults.take('sk-a', false)?.kind; // 'server_error'
 */
export class FaultScript {
  readonly #faults: Array<FaultSpec & { remaining: number; skip: number }> = [];

  constructor(faults: readonly FaultSpec[] = []) {
    for (const fault of faults) this.add(fault);
  }

  /** Adds a fault at the end of the script. */
  add(fault: FaultSpec): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1, skip: fault.after ?? 0 });
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#faults.length = 0;
  }

  /** The next fault that applies to this request, consuming one use of it. */
  take(key: string, stream: boolean): FaultSpec | undefined {
    for (const fault of this.#faults) {
      if (fault.remaining <= 0) continue;
      if (fault.key !== undefined && fault.key !== key) continue;
      if (fault.stream !== undefined && fault.stream !== stream) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      fault.remaining--;
      return fault;
    }
    return undefined;
  }
}
