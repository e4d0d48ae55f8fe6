import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, Decimal, RouterError, VirtualClock } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('route()', () => {
  it('returns a normalised response with usage, exact cost and an explanation', async () => {
    const { router, keys } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1.00', outputPerMillion: '2.00' });
    const res = await router.route(intent(), 'cost');
    expect(res.content).toBe('echo: hello world');
    expect(res.message).toEqual({ role: 'assistant', content: 'echo: hello world' });
    expect(res.finishReason).toBe('stop');
    expect(res.keyId).toBe(keys.a?.id);
    expect(res.providerId).toBe('openai');
    expect(res.attempts).toBe(1);
    expect(res.requestId).toMatch(/^req_/);
    const expected = new Decimal(res.usage.inputTokens)
      .mul('1.00')
      .plus(new Decimal(res.usage.outputTokens).mul('2.00'))
      .div(1_000_000);
    expect(res.cost.amount).toBeInstanceOf(Decimal);
    expect(res.cost.amount.equals(expected)).toBe(true);
    expect(res.cost.known).toBe(true);
    expect(res.explanation.chosenKeyId).toBe(keys.a?.id);
    expect(res.explanation.attempts).toMatchObject([{ outcome: 'success', keyId: keys.a?.id }]);
    expect(String(res.explanation)).toContain('cost →');
    // The decision's own duration is reported (its value is for benchmarks, not tests).
    expect(res.explanation.decisionMicros).toBeGreaterThanOrEqual(0);
    expect(res.explanation.toJSON().decisionMicros).toBe(res.explanation.decisionMicros);
  });

  it('reports an unknown price as cost 0 with known=false', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const res = await router.route(intent('some-unpriced-model'), 'cost');
    expect(res.cost.known).toBe(false);
    expect(res.cost.amount.isZero()).toBe(true);
  });

  it('uses the balanced objective by default and accepts weights', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    expect((await router.route(intent())).explanation.objective.name).toBe('balanced');
    const res = await router.route(intent(), {
      primary: 'cost',
      weights: { cost: 0.6, latency: 0.3, reliability: 0.1 },
    });
    expect(res.explanation.objective.weights).toEqual({ cost: 0.6, latency: 0.3, reliability: 0.1 });
    expect(Object.keys(res.explanation.chosen?.scores ?? {})).toEqual(['cost', 'latency', 'reliability']);
  });

  it('routes `provider/model` to that provider only', async () => {
    const { router } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {} } },
      anthropic: { keys: { 'sk-b-0000001': {} } },
    });
    const res = await router.route(intent('anthropic/claude-test'), 'cost');
    expect(res.providerId).toBe('anthropic');
    expect(res.model).toBe('claude-test');
  });

  it('emits decision, attempt and requestCompleted events', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const seen: string[] = [];
    router.on('decision', () => seen.push('decision'));
    router.on('attempt', () => seen.push('attempt'));
    router.on('requestCompleted', (e) => seen.push(`completed:${e.ok}`));
    await router.route(intent(), 'cost');
    expect(seen).toEqual(['decision', 'attempt', 'completed:true']);
  });

  it.each([
    [undefined],
    [{}],
    [{ model: 'gpt-test' }],
    [{ model: 'gpt-test', messages: 'hi' }],
    [{ model: 'gpt-test', messages: [{ role: 'wizard', content: 'x' }] }],
  ])('rejects a malformed intent %j with a validation error and calls nobody', async (bad) => {
    const { router, adapters } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const error = await router.route(bad as never, 'cost').catch((e: unknown) => e);
    expect(RouterError.isInstance(error)).toBe(true);
    expect((error as RouterError).category).toBe('validation');
    expect(adapters.openai?.stats()).toEqual({});
  });

  it('rejects bad objectives and options with validation errors', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    await expect(router.route(intent(), 'cheapest' as never)).rejects.toMatchObject({
      category: 'validation',
    });
    await expect(router.route(intent(), 'cost', { deadlineMs: -1 })).rejects.toMatchObject({
      category: 'validation',
    });
    await expect(router.route(intent(), 'cost', { foo: 1 } as never)).rejects.toMatchObject({
      category: 'validation',
    });
  });

  it('fails with no_eligible_keys when no key serves the model', async () => {
    const { router } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {} }, adapter: { models: ['gpt-*'] } },
    });
    const error = (await router.route(intent('claude-x'), 'cost').catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('no_eligible_keys');
    expect(error.message).toContain('No registered key serves claude-x');
  });

  it('validates registration arguments', async () => {
    const router = new ApiKeyRouter({ clock: new VirtualClock() });
    await expect(router.registerKey('sk-123456', 'nobody')).rejects.toMatchObject({ category: 'validation' });
    await expect(router.registerProvider('bad/id', {} as never)).rejects.toMatchObject({
      category: 'validation',
    });
    await expect(router.registerProvider('ok', {} as never)).rejects.toMatchObject({
      category: 'validation',
    });
    const { router: withProvider } = await createFixture({ openai: { keys: {} } });
    await expect(withProvider.registerKey('', 'openai')).rejects.toMatchObject({ category: 'validation' });
    await expect(withProvider.registerKey('sk with space', 'openai')).rejects.toMatchObject({
      category: 'validation',
    });
    await expect(withProvider.registerKey('sk-123456', 'openai', { weight: -1 })).rejects.toMatchObject({
      category: 'validation',
    });
    await expect(
      withProvider.registerKey('sk-123456', 'openai', { limits: { rpm: 1.5 } }),
    ).rejects.toMatchObject({ category: 'validation' });
  });

  it('re-registering the same material updates the key instead of duplicating it', async () => {
    const { router, keys } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    const again = await router.registerKey('sk-a-0000001', 'openai', { label: 'renamed' });
    expect(again.id).toBe(keys.a?.id);
    expect(router.listKeys()).toHaveLength(1);
    expect(router.getKey(again.id)?.label).toBe('renamed');
  });
});

describe('explain()', () => {
  it('is a dry run that calls nobody and reserves nothing', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    const why = await router.explain(intent(), {
      primary: 'cost',
      weights: { cost: 0.6, latency: 0.3, reliability: 0.1 },
      constraints: { maxCostPerRequest: '0.01' },
    });
    expect(why.dryRun).toBe(true);
    expect(adapters.openai?.stats()).toEqual({});
    expect(why.candidates).toHaveLength(2);
    // Unknown price and a cost cap: excluded by the constraint, with the reason.
    expect(why.candidates.every((c) => c.exclusion?.code === 'constraint')).toBe(true);
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const priced = await router.explain(intent(), {
      primary: 'cost',
      constraints: { maxCostPerRequest: '0.01' },
    });
    expect([keys.a?.id, keys.b?.id]).toContain(priced.chosenKeyId);
    expect(priced.runnerUpKeyId).toBeDefined();
    expect(priced.margin).toBeGreaterThanOrEqual(0);
    expect(priced.decisionMicros).toBeGreaterThanOrEqual(0);
    expect(
      (await router.quota.getQuotaState(keys.a?.id as string)).dimensions.every((d) => d.reserved === 0),
    ).toBe(true);
  });

  it('explains capability exclusions', async () => {
    const { router } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {} }, adapter: { capabilities: { tools: false } } },
    });
    const why = await router.explain(
      intent('gpt-test', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] }),
      'cost',
    );
    expect(why.candidates[0]?.exclusion).toMatchObject({ code: 'capability' });
    expect(why.candidates[0]?.exclusion?.detail).toContain('tools');
    await expect(
      router.route(
        intent('gpt-test', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] }),
        'cost',
      ),
    ).rejects.toMatchObject({ category: 'no_eligible_keys' });
  });
});
