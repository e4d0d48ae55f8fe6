import { ApiKeyRouter, type ObjectivePreset, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { SIM_KEYS, seededRandom } from '../sim-world.js';

/** Conversations in flight: each has its own long system prompt (≈ 1,500 tokens), the cacheable prefix. */
export const SESSIONS = 600;
/** Cached input tokens cost a tenth of plain input (Anthropic's cache reads; OpenAI's newer models). */
export const CACHED_PRICE_SHARE = 0.1;
/** Tokens per minute per key: rpm × this, so requests, not tokens, bound each key as in the quota simulation. */
const TOKENS_PER_REQUEST = 2_000;

const FILLER =
  'Follow the house style, cite the policy section you rely on, never promise refunds outside policy, and keep answers under four sentences. ';

/** The system prompt of one conversation: unique per session, about 1,500 fake tokens. */
export function sessionPrompt(session: number): string {
  return `Session ${session}: you are the support assistant for customer account ${session * 7919}. ${FILLER.repeat(44)}`;
}

/** A world for the affinity simulation: virtual clock, the four simulated keys with roomy token limits. */
export function createAffinityWorld(): { clock: VirtualClock; fake: FakeAdapter } {
  const clock = new VirtualClock({ autoAdvance: true });
  const fake = new FakeAdapter({
    id: 'sim',
    clock,
    keys: Object.fromEntries(
      SIM_KEYS.map((key) => [
        key.material,
        { ...key.spec, tpm: key.spec.rpm * TOKENS_PER_REQUEST, label: key.label },
      ]),
    ),
  });
  return { clock, fake };
}

/** A router over the world's keys (limits declared), with or without prompt-cache affinity. */
export async function createAffinityRouter(
  fake: FakeAdapter,
  clock: VirtualClock,
  affinity: boolean,
): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({
    clock,
    defaults: { deadlineMs: 30_000, maxQueued: 100_000 },
    ...(affinity ? { affinity: { derive: 'system' as const } } : {}),
  });
  await router.registerProvider('sim', fake);
  for (const key of SIM_KEYS) {
    const info = await router.registerKey(key.material, 'sim', {
      label: key.label,
      limits: { rpm: key.spec.rpm, tpm: key.spec.rpm * TOKENS_PER_REQUEST },
    });
    const cached = (Number(key.pricePerMillion) * CACHED_PRICE_SHARE).toFixed(4);
    router.costController.setModelPrice(
      'sim-model',
      {
        inputPerMillion: key.pricePerMillion,
        outputPerMillion: key.pricePerMillion,
        cachedInputPerMillion: cached,
      },
      { keyId: info.id },
    );
  }
  return router;
}

/** Picks the conversation of each request: uniform over the sessions, the same sequence for every strategy. */
export function sessionPicker(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.floor(random() * SESSIONS);
}

/** The objectives compared. */
export const AFFINITY_OBJECTIVES: readonly ObjectivePreset[] = ['fairness', 'cost'];
