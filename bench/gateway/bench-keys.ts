/** The upstream keys every target of the gateway benchmark routes over. */
export const BENCH_KEYS = ['sk-bench-1', 'sk-bench-2', 'sk-bench-3', 'sk-bench-4'] as const;

/** The gateway key the benchmark's client sends to ApiKeyRouter's gateway. */
export const BENCH_VIRTUAL_KEY = 'akr-bench-0123456789abcdef';

/** The request every target serves: a short chat completion. */
export const BENCH_BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello to the benchmark' }],
  max_tokens: 32,
});
