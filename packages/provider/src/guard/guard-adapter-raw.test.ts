import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.test-helpers.js';
import type {
  AdapterCall,
  AdapterResponse,
  EmbedCall,
  ProviderAdapter,
} from '../contract/provider-adapter.js';
import { guardAdapter } from './guard-adapter.js';

const CANARY = 'sk-canary-raw-9c41d07be2f35a68';

/** A careless provider: its body echoes the key in values, in keys, nested, and in an array of text. */
function echoingBody(key: string): Record<string, unknown> {
  return {
    id: `req-${key}`,
    [key]: 'as a property name',
    nested: { deeper: [{ note: `Bearer ${key}` }, 'plain', 7, null], url: `https://x.test/?key=${key}` },
    numbers: [1, 2, 3],
  };
}

function echoingAdapter(): ProviderAdapter & { bodies: unknown[] } {
  const bodies: unknown[] = [];
  const adapter = {
    specificationVersion: 'v1' as const,
    id: 'echo',
    capabilities: { streaming: false, tools: false, embeddings: true, vision: false, jsonMode: false },
    bodies,
    parseRateLimits: () => ({}),
    classifyError: (error: unknown) => {
      throw error;
    },
    stream: () => Promise.reject(new Error('not used')),
    async execute(call: AdapterCall): Promise<AdapterResponse> {
      const raw = echoingBody(call.apiKey);
      bodies.push(raw);
      return {
        message: { role: 'assistant', content: 'ok' },
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        model: 'm',
        raw,
      };
    },
    async embed(call: EmbedCall) {
      return { embeddings: [[0.5]], usage: { inputTokens: 1 }, model: 'm', raw: echoingBody(call.apiKey) };
    },
  };
  return adapter as unknown as ProviderAdapter & { bodies: unknown[] };
}

function call(): AdapterCall {
  return {
    model: 'm',
    intent: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
    apiKey: CANARY,
    signal: new AbortController().signal,
    requestId: 'r1',
    clock: new ManualClock(0),
  } as AdapterCall;
}

describe('guardAdapter scrubs raw bodies', () => {
  it('never lets the key out through raw, however the result is read', async () => {
    const guarded = guardAdapter(echoingAdapter());
    const viaProperty = (await guarded.execute(call())).raw;
    const viaJson = JSON.stringify(await guarded.execute(call()));
    const viaSpread = { ...(await guarded.execute(call())) }.raw;
    const viaClone = structuredClone(await guarded.execute(call())).raw;
    const viaEntries = Object.entries(await guarded.execute(call()));
    const forwarded = await guarded.execute(call());
    const viaForward = {
      get raw() {
        return forwarded.raw;
      },
    }.raw;
    const viaInspect = inspect(await guarded.execute(call()), { depth: 10, getters: true });
    for (const seen of [viaProperty, viaJson, viaSpread, viaClone, viaEntries, viaForward, viaInspect]) {
      const text = typeof seen === 'string' ? seen : JSON.stringify(seen);
      expect(text).not.toContain(CANARY);
      expect(text.toLowerCase()).not.toContain(CANARY.slice(4, 16).toLowerCase());
    }
    expect(viaProperty).toMatchObject({ id: '[redacted]', numbers: [1, 2, 3] });
    expect(JSON.stringify(viaProperty)).toContain('[redacted]');
  });

  it('scrubs the body when the adapter answers, copying only what held the key', async () => {
    const adapter = echoingAdapter();
    const response = await guardAdapter(adapter).execute(call());
    const original = adapter.bodies[0] as Record<string, unknown>;
    const clean = response.raw as Record<string, unknown>;
    // The adapter's own object, which holds the key, is never handed out; untouched parts are shared.
    expect(clean).not.toBe(original);
    expect(clean.numbers).toBe(original.numbers);
    expect(JSON.stringify(clean)).not.toContain(CANARY);
    // Later changes to the adapter's object do not reach the caller.
    original.late = `late ${CANARY}`;
    expect(JSON.stringify(response)).not.toContain(CANARY);
  });

  it('passes a body with nothing to scrub on as it is (no copy)', async () => {
    const body = {
      id: 'chatcmpl-1',
      choices: [{ message: { content: 'hello' } }],
      usage: { total_tokens: 2 },
    };
    const guarded = guardAdapter({
      ...echoingAdapter(),
      execute: async () => ({
        message: { role: 'assistant', content: 'hello' },
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        model: 'm',
        raw: body,
      }),
    } as ProviderAdapter);
    expect((await guarded.execute(call())).raw).toBe(body);
  });

  it('passes the answer text inside the body as it is (the caller gets it as content anyway)', async () => {
    const answer = `the model wrote ${CANARY.slice(0, 14)} itself`;
    const guarded = guardAdapter({
      ...echoingAdapter(),
      execute: async (c: AdapterCall) => ({
        message: { role: 'assistant', content: answer },
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        model: 'm',
        raw: { text: answer, echo: `key ${c.apiKey}` },
      }),
    } as ProviderAdapter);
    const response = await guarded.execute(call());
    expect(response.raw).toEqual({ text: answer, echo: 'key [redacted]' });
    expect(response.message.content).toBe(answer);
  });

  it('lets callers replace raw, and keeps non-text bodies as they are', async () => {
    const response = await guardAdapter(echoingAdapter()).execute(call());
    response.raw = { mine: true };
    expect(response.raw).toEqual({ mine: true });
    const numeric = guardAdapter({
      ...echoingAdapter(),
      execute: async () => ({
        message: { role: 'assistant', content: '' },
        finishReason: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        model: 'm',
        raw: 42,
      }),
    } as ProviderAdapter);
    expect((await numeric.execute(call())).raw).toBe(42);
  });

  it('scrubs embedding bodies the same way', async () => {
    const guarded = guardAdapter(echoingAdapter());
    const embedCall = { ...call(), input: ['hi'] } as unknown as EmbedCall;
    const response = await guarded.embed?.(embedCall);
    expect(JSON.stringify(response)).not.toContain(CANARY);
    expect(JSON.stringify(response?.raw)).toContain('[redacted]');
  });

  it('scrubs a raw text body', async () => {
    const guarded = guardAdapter({
      ...echoingAdapter(),
      execute: async (c: AdapterCall) => ({
        message: { role: 'assistant', content: '' },
        finishReason: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        model: 'm',
        raw: `upstream said ${c.apiKey}`,
      }),
    } as ProviderAdapter);
    expect((await guarded.execute(call())).raw).toBe('upstream said [redacted]');
  });
});
