import { FakeAdapter, type FakeAdapterOptions, type FakeKeySpec } from '@apikeyrouter/testkit';
import { ApiKeyRouter, type KeyInfo, type KeyOptions, type RouterOptions, VirtualClock } from '../index.js';

/** A router on a virtual clock with one fake provider per entry, keys registered in order. */
export async function createFixture(
  providers: Record<
    string,
    { keys: Record<string, FakeKeySpec & { options?: KeyOptions }>; adapter?: Partial<FakeAdapterOptions> }
  >,
  options: Omit<RouterOptions, 'clock'> & { autoAdvance?: boolean } = {},
) {
  const { autoAdvance, ...routerOptions } = options;
  const clock = new VirtualClock({ autoAdvance: autoAdvance ?? true });
  const router = new ApiKeyRouter({ ...routerOptions, clock });
  const adapters: Record<string, FakeAdapter> = {};
  const keys: Record<string, KeyInfo> = {};
  for (const [providerId, spec] of Object.entries(providers)) {
    const hidden: Record<string, FakeKeySpec> = {};
    for (const [material, key] of Object.entries(spec.keys)) {
      const { options: _options, ...hiddenLimits } = key;
      hidden[material] = hiddenLimits;
    }
    const adapter = new FakeAdapter({ id: providerId, clock, keys: hidden, ...spec.adapter });
    adapters[providerId] = adapter;
    await router.registerProvider(providerId, adapter);
    for (const [material, key] of Object.entries(spec.keys)) {
      keys[key.label ?? material] = await router.registerKey(material, providerId, {
        label: key.label ?? material,
        ...key.options,
      });
    }
  }
  return { clock, router, adapters, keys };
}

/** A minimal valid intent. */
export function intent(model = 'gpt-test', extra: Record<string, unknown> = {}) {
  return {
    model,
    messages: [{ role: 'user' as const, content: 'hello world' }],
    parameters: { maxTokens: 50 },
    ...extra,
  };
}
