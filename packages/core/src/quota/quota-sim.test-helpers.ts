import type { KeyLimitEnforcer, LimitsSnapshot } from '@apikeyrouter/testkit';
import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { QuotaReservation } from './quota-types.js';

/**
 * Turns a hidden provider's window snapshot into the observation an OpenAI-style adapter would parse from
 * `x-ratelimit-*` headers (limit, remaining, reset as a duration turned into an instant).
 *
 * @example
 * observationFrom(enforcer.snapshot(), clock.now());
 */
export function observationFrom(
  snapshot: LimitsSnapshot,
  now: number,
  retryAfterMs?: number,
): RateLimitObservation {
  const observation: RateLimitObservation = { dimensions: [] };
  const pairs = [
    ['requests_per_minute', snapshot.requests],
    ['tokens_per_minute', snapshot.tokens],
    ['requests_per_day', snapshot.requestsPerDay],
    ['tokens_per_day', snapshot.tokensPerDay],
  ] as const;
  for (const [dimension, window] of pairs) {
    if (window) observation.dimensions.push({ dimension, ...window, resetAt: now + window.resetMs });
  }
  if (retryAfterMs !== undefined) observation.retryAfterMs = retryAfterMs;
  return observation;
}

/**
 * Deterministic PRNG (mulberry32), so simulations are reproducible.
 *
 * @example
 * const random = seededRandom(7);
 * random(); // 0 ≤ x < 1, the same sequence every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One simulated workload against one key guarded by a hidden {@link KeyLimitEnforcer}. */
export interface SimulationSpec {
  engine: QuotaAwarenessEngine;
  clock: VirtualClock;
  keyId: string;
  provider: KeyLimitEnforcer;
  /** Simulated duration. */
  durationMs: number;
  /** Offered load (Poisson arrivals, or exactly periodic with `steady`). */
  arrivalsPerMinute: number;
  steady?: boolean;
  inputTokens: number;
  maxOutputTokens: number;
  /** Whether responses carry rate-limit headers. */
  headers: boolean;
  /** Requests already waiting when the simulation starts (a start-up burst). */
  backlog?: number;
  seed?: number;
  tickMs?: number;
  /** Called once per tick after the tick's work. */
  onTick?: (now: number) => Promise<void> | void;
}

/** What happened in a simulation. */
export interface SimulationResult {
  offered: number;
  served: number;
  /** Hidden-limit refusals (429s), with the number of responses received before each. */
  rejections: { at: number; afterResponses: number; kind: string }[];
  /** Requests still queued at the end. */
  queued: number;
}

interface InFlight {
  due: number;
  reservation: QuotaReservation;
  release: (actual?: number) => void;
  outputTokens: number;
}

/**
 * Runs the router's quota loop as the router would: queue → check → reserve → send → commit with the
 * response's headers, or release on a 429 and retry later.
 *
 * @example
 * const result = await simulate({ engine, clock, keyId: 'k', provider, durationMs: 3_600_000, … });
 * result.rejections; // hidden-limit refusals
 */
export async function simulate(spec: SimulationSpec): Promise<SimulationResult> {
  const random = seededRandom(spec.seed ?? 7);
  const tick = spec.tickMs ?? 250;
  const start = spec.clock.now();
  const end = start + spec.durationMs;
  const meanGap = 60_000 / spec.arrivalsPerMinute;
  let nextArrival = start + (spec.steady ? 0 : -Math.log(1 - random()) * meanGap);
  const queue: number[] = new Array<number>(spec.backlog ?? 0).fill(start);
  const flying: InFlight[] = [];
  const result: SimulationResult = { offered: queue.length, served: 0, rejections: [], queued: 0 };
  let responses = 0;
  const estimate = { inputTokens: spec.inputTokens, outputTokens: spec.maxOutputTokens };
  while (spec.clock.now() < end) {
    const now = spec.clock.now();
    while (nextArrival <= now) {
      queue.push(nextArrival);
      result.offered++;
      nextArrival += spec.steady ? meanGap : -Math.log(1 - random()) * meanGap;
    }
    flying.sort((a, b) => a.due - b.due);
    while (flying.length > 0 && (flying[0] as InFlight).due <= now) {
      const done = flying.shift() as InFlight;
      done.release(spec.inputTokens + done.outputTokens);
      const usage = {
        inputTokens: spec.inputTokens,
        outputTokens: done.outputTokens,
        totalTokens: spec.inputTokens + done.outputTokens,
      };
      const observation = spec.headers ? observationFrom(spec.provider.snapshot(), now) : undefined;
      await spec.engine.commit(done.reservation, usage, observation);
      responses++;
      result.served++;
    }
    while (queue.length > 0) {
      const reserved = await spec.engine.reserve(spec.keyId, estimate);
      if (!reserved.ok) break;
      const admission = spec.provider.admit(spec.inputTokens + spec.maxOutputTokens);
      if (!admission.ok) {
        result.rejections.push({ at: now, afterResponses: responses, kind: admission.kind });
        const observation = observationFrom(spec.provider.snapshot(), now, admission.retryAfterMs);
        await spec.engine.release(reserved.reservation, { reachedProvider: true, observation });
        break;
      }
      queue.shift();
      const outputTokens = Math.max(1, Math.round(spec.maxOutputTokens * (0.3 + 0.7 * random())));
      const latency = 500 + Math.round(random() * 2500);
      flying.push({
        due: now + latency,
        reservation: reserved.reservation,
        release: admission.release,
        outputTokens,
      });
    }
    await spec.onTick?.(now);
    await spec.clock.advance(tick);
  }
  result.queued = queue.length;
  return result;
}
