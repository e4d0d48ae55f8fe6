import { VirtualClock } from '@apikeyrouter/core';
import { type OpenAIFakeProvider, routerErrorOf, startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIAdapter } from './openai-adapter.js';
import { KEY, makeCall } from './openai-adapter.test-helpers.js';

let fake: OpenAIFakeProvider;
let adapter: OpenAIAdapter;
const LONG = 'a fairly long sentence that will be streamed in many small chunks '.repeat(20);

/** Yields to the event loop until `condition` holds (bounded, so a bug fails instead of hanging). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: {} }, chunkDelayMs: 2 });
  adapter = new OpenAIAdapter({ baseURL: `${fake.url}/v1`, timeoutMs: 5_000 });
});
afterAll(() => fake.close());
beforeEach(() => fake.faults.clear());

describe('caller abort', () => {
  it('aborts a request the provider never answers', async () => {
    fake.faults.add({ kind: 'timeout' });
    const controller = new AbortController();
    const seen = fake.received().length;
    const pending = routerErrorOf(() => adapter.execute(makeCall({}, { signal: controller.signal })));
    await until(() => fake.received().length > seen);
    controller.abort();
    expect(await pending).toMatchObject({ category: 'aborted', retryable: false, keyEffect: 'none' });
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await routerErrorOf(() => adapter.stream(makeCall({}, { signal: controller.signal })));
    expect(error.category).toBe('aborted');
  });

  it('aborts mid-stream: the iterator throws aborted', async () => {
    const controller = new AbortController();
    const stream = await adapter.stream(
      makeCall({ messages: [{ role: 'user', content: LONG }] }, { signal: controller.signal }),
    );
    let texts = 0;
    const error = await routerErrorOf(async () => {
      for await (const part of stream.parts) {
        if (part.type === 'text-delta' && ++texts === 2) controller.abort();
      }
    });
    expect(error.category).toBe('aborted');
    await until(() => fake.activeStreams() === 0);
  });
});

describe('timeouts on the call clock', () => {
  it('times out a request the provider never answers', async () => {
    fake.faults.add({ kind: 'timeout' });
    const clock = new VirtualClock();
    const seen = fake.received().length;
    const pending = routerErrorOf(() => adapter.execute(makeCall({}, { clock })));
    await until(() => fake.received().length > seen);
    await clock.advance(5_000);
    expect(await pending).toMatchObject({ category: 'timeout', keyEffect: 'failure', retryable: true });
  });

  it('times out a stream that goes silent between chunks', async () => {
    const fakeClock = new VirtualClock();
    const silent = await startOpenAIFakeServer({
      keys: { [KEY]: {} },
      chunkDelayMs: 60_000,
      clock: fakeClock,
    });
    try {
      const clock = new VirtualClock();
      const slowAdapter = new OpenAIAdapter({ baseURL: `${silent.url}/v1`, timeoutMs: 1_000 });
      const stream = await slowAdapter.stream(makeCall({}, { clock }));
      const iterator = stream.parts[Symbol.asyncIterator]();
      const pending = routerErrorOf(() => iterator.next());
      await until(() => clock.pendingTimers > 0);
      await clock.advance(1_000);
      const error = await pending;
      expect(error.category).toBe('timeout');
      await until(() => silent.activeStreams() === 0);
    } finally {
      await silent.close();
    }
  });
});

describe('early close', () => {
  it('cancels the HTTP body when the consumer stops', async () => {
    const stream = await adapter.stream(makeCall({ messages: [{ role: 'user', content: LONG }] }));
    expect(fake.activeStreams()).toBe(1);
    let received = '';
    for await (const part of stream.parts) {
      if (part.type === 'text-delta') received += part.text;
      if (received.length > 16) break;
    }
    await until(() => fake.activeStreams() === 0);
    expect(received.length).toBeLessThan(LONG.length);
  });
});
