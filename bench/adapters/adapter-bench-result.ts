/** What each adapter's micro-benchmark reports (`npm run bench`). */
export interface AdapterBenchResult {
  /** Wire flavor: openai, anthropic, gemini, ollama. */
  flavor: string;
  /** Mean µs to turn an intent into the provider's request body (JSON string). */
  serializeUsPerCall: number;
  /** Mean µs to turn a provider's JSON response into an AdapterResponse. */
  parseUsPerCall: number;
  /** serialize + parse + rate-limit header parsing, mean µs per non-streamed call. */
  overheadUsPerCall: number;
  /** Stream parsing throughput in MB/s (SSE, or NDJSON for ollama) over an in-memory body. */
  streamMBps: number;
  /** Size of the in-memory stream used, in bytes. */
  streamBytes: number;
}
