import { type AdapterCall, parseIntent, RouterError, type VirtualClock } from '@apikeyrouter/core';
import type { FakeAdapter } from '@apikeyrouter/testkit';
import type { SimMetrics } from './sim-metrics.js';
import { priceOf, SIM_INTENT, SIM_KEYS, type SimKey, seededRandom } from './sim-world.js';

/** A reactive key picker as other routers implement it. */
export interface Baseline {
  name: string;
  /** The key to try, or undefined when the policy has none to offer. */
  pick(tried: ReadonlySet<SimKey>): SimKey | undefined;
  /** Told after each call. */
  record?(key: SimKey, ok: boolean, tokens: number, rateLimited: boolean): void;
}

/** Round-robin over all keys. */
export function roundRobin(): Baseline {
  let next = 0;
  return {
    name: 'round-robin',
    pick(tried) {
      for (let i = 0; i < SIM_KEYS.length; i++) {
        const key = SIM_KEYS[next++ % SIM_KEYS.length] as SimKey;
        if (!tried.has(key)) return key;
      }
      return undefined;
    },
  };
}

/** Weighted random, weights proportional to each key's size (Portkey's loadbalance strategy). */
export function weightedRandom(seed = 11): Baseline {
  const random = seededRandom(seed);
  const total = SIM_KEYS.reduce((sum, key) => sum + key.spec.rpm, 0);
  return {
    name: 'weighted-random',
    pick(tried) {
      for (let attempt = 0; attempt < 16; attempt++) {
        let point = random() * total;
        for (const key of SIM_KEYS) {
          point -= key.spec.rpm;
          if (point <= 0) {
            if (!tried.has(key)) return key;
            break;
          }
        }
      }
      return SIM_KEYS.find((key) => !tried.has(key));
    },
  };
}

/**
 * Usage-based routing as in LiteLLM: per-minute request and token counters updated after each response,
 * pick the least-used key whose counters are under its configured rpm/tpm, and cool a key down for 60 s after
 * a 429.
 */
export function usageBased(clock: VirtualClock): Baseline {
  const usage = new Map<SimKey, { minute: number; requests: number; tokens: number; coolUntil: number }>();
  const entry = (key: SimKey) => {
    const minute = Math.floor(clock.now() / 60_000);
    let value = usage.get(key);
    if (!value) {
      value = { minute, requests: 0, tokens: 0, coolUntil: 0 };
      usage.set(key, value);
    }
    if (value.minute !== minute) Object.assign(value, { minute, requests: 0, tokens: 0 });
    return value;
  };
  return {
    name: 'usage-based',
    pick(tried) {
      let best: SimKey | undefined;
      let bestTokens = Number.POSITIVE_INFINITY;
      for (const key of SIM_KEYS) {
        const u = entry(key);
        if (tried.has(key) || u.coolUntil > clock.now()) continue;
        if (u.requests + 1 > key.spec.rpm || u.tokens + 60 > key.spec.tpm) continue;
        if (u.tokens < bestTokens) {
          best = key;
          bestTokens = u.tokens;
        }
      }
      return best;
    },
    record(key, ok, tokens, rateLimited) {
      const u = entry(key);
      u.requests++;
      if (ok) u.tokens += tokens;
      if (rateLimited) u.coolUntil = clock.now() + 60_000;
    },
  };
}

/** Serves one client request with a baseline policy: up to 3 attempts on different keys, no waiting. */
export async function serveWithBaseline(
  baseline: Baseline,
  fake: FakeAdapter,
  clock: VirtualClock,
  metrics: SimMetrics,
): Promise<void> {
  metrics.requests++;
  const intent = parseIntent(SIM_INTENT);
  const tried = new Set<SimKey>();
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = baseline.pick(tried);
    if (!key) break;
    tried.add(key);
    const call: AdapterCall = {
      model: 'sim-model',
      intent,
      apiKey: key.material,
      signal: new AbortController().signal,
      requestId: 'sim',
      clock,
    };
    try {
      const res = await fake.execute(call);
      baseline.record?.(key, true, res.usage.totalTokens, false);
      metrics.successes++;
      metrics.queueDelays.push(0);
      metrics.spend = metrics.spend.plus(priceOf(key, res.usage.totalTokens));
      return;
    } catch (error) {
      const rateLimited = RouterError.isInstance(error) && error.category === 'rate_limit';
      baseline.record?.(key, false, 0, rateLimited);
    }
  }
  metrics.failures++;
}
