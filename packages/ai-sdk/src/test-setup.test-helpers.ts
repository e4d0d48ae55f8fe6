import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Key materials that must never show up in anything the provider returns or throws. */
export const CANARIES = [
  'sk-aisdk-CANARY-one-1111',
  'sk-aisdk-CANARY-two-2222',
  'sk-ant-aisdk-CANARY-3333',
] as const;

/** A router over simulated OpenAI (two keys) and Anthropic (one key) servers on loopback. */
export interface Simulated {
  router: ApiKeyRouter;
  openai: FakeProvider;
  anthropic: FakeProvider;
  close(): Promise<void>;
}

/** Starts the simulated providers and a router over them. */
export async function simulated(): Promise<Simulated> {
  const [one, two, ant] = CANARIES;
  const openai = await startFakeProvider({
    flavor: 'openai',
    keys: { [one]: { rpm: 1_000 }, [two]: { rpm: 1_000 } },
  });
  const anthropic = await startFakeProvider({ flavor: 'anthropic', keys: { [ant]: { rpm: 1_000 } } });
  const router = new ApiKeyRouter();
  await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${openai.url}/v1` }));
  await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: anthropic.url }));
  await router.registerKey(one, 'openai');
  await router.registerKey(two, 'openai');
  await router.registerKey(ant, 'anthropic');
  return {
    router,
    openai,
    anthropic,
    close: async () => {
      await openai.close();
      await anthropic.close();
    },
  };
}

/** Fails the test when any canary appears in the serialised value. */
export function leaked(value: unknown): string[] {
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (_key, v: unknown) =>
          v instanceof Error ? { ...v, message: v.message, stack: v.stack, cause: v.cause } : v,
        );
  return CANARIES.filter((canary) => text.includes(canary));
}

/**
 * Starts the simulated providers once for the enclosing file (`'file'`) or afresh for every test (`'test'`,
 * for tests that add faults or use keys up) and closes them after; returns the current one.
 *
 * @example
 * const sim = useSimulated('test');
 * it('…', () => createApiKeyRouter({ router: sim().router }));
 */
export function useSimulated(lifetime: 'file' | 'test'): () => Simulated {
  let current: Simulated | undefined;
  const [before, after] = lifetime === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await simulated();
  });
  after(async () => {
    await current?.close();
  });
  return () => {
    if (current === undefined) throw new Error('useSimulated: used outside a test');
    return current;
  };
}
