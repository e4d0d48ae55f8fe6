import { VirtualClock } from '@apikeyrouter/core';
import { routerErrorOf } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicAdapter } from './anthropic-adapter.js';
import { collect, makeCall, startFakeWithAdapter, TEST_KEY } from './anthropic-adapter.test-helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(...args: Parameters<typeof startFakeWithAdapter>) {
  const started = await startFakeWithAdapter(...args);
  closers.push(() => started.fake.close());
  return started;
}

/** Waits until the fake has received `count` requests (polling the loopback server's record). */
async function received(fake: { requests(): unknown[] }, count: number): Promise<void> {
  while (fake.requests().length < count) await new Promise((resolve) => setImmediate(resolve));
}

describe('AnthropicAdapter transport behaviour', () => {
  it('times out on the call clock (timeout fault never answers)', async () => {
    const clock = new VirtualClock();
    const { fake, adapter } = await setup({ faults: [{ kind: 'timeout' }] }, { timeoutMs: 30_000 });
    const pending = routerErrorOf(adapter.execute(makeCall({}, { clock })));
    await received(fake, 1);
    await clock.advance(30_000);
    expect(await pending).toMatchObject({ category: 'timeout', keyEffect: 'failure', retryable: true });
    expect(clock.pendingTimers).toBe(0);
  });

  it('times out a stream that stalls mid-body', async () => {
    const clock = new VirtualClock();
    const fakeClock = new VirtualClock();
    const { adapter } = await setup({ clock: fakeClock, streamEventDelayMs: 1000 }, { timeoutMs: 5000 });
    const stream = await adapter.stream(makeCall({}, { clock }));
    const iterator = stream.parts[Symbol.asyncIterator]();
    const next = routerErrorOf(iterator.next());
    await clock.advance(5000);
    expect(await next).toMatchObject({ category: 'timeout' });
  });

  it('times out a stream whose headers never come', async () => {
    const clock = new VirtualClock();
    const { fake, adapter } = await setup(
      { faults: [{ kind: 'timeout', stream: true }] },
      { timeoutMs: 8000 },
    );
    const pending = routerErrorOf(adapter.stream(makeCall({}, { clock })));
    await received(fake, 1);
    await clock.advance(8000);
    expect(await pending).toMatchObject({ category: 'timeout' });
  });

  it('maps a caller abort during the request to aborted', async () => {
    const { fake, adapter } = await setup({ faults: [{ kind: 'timeout' }] });
    const controller = new AbortController();
    const pending = routerErrorOf(adapter.execute(makeCall({}, { signal: controller.signal })));
    await received(fake, 1);
    controller.abort();
    expect(await pending).toMatchObject({ category: 'aborted', retryable: false, keyEffect: 'none' });
  });

  it('maps an already-aborted signal to aborted without calling the provider', async () => {
    const { fake, adapter } = await setup();
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    expect(await routerErrorOf(adapter.stream(makeCall({}, { signal: controller.signal })))).toMatchObject({
      category: 'aborted',
    });
    expect(fake.requests()).toHaveLength(0);
  });

  it('maps a caller abort mid-stream to aborted and closes the body', async () => {
    const fakeClock = new VirtualClock();
    const { fake, adapter } = await setup({ clock: fakeClock, streamEventDelayMs: 10 });
    const controller = new AbortController();
    const stream = await adapter.stream(makeCall({}, { signal: controller.signal }));
    const iterator = stream.parts[Symbol.asyncIterator]();
    const first = iterator.next();
    await fakeClock.advance(50);
    expect((await first).done).toBe(false);
    const next = routerErrorOf(iterator.next());
    controller.abort();
    expect(await next).toMatchObject({ category: 'aborted' });
    expect(await fake.streamEnded(0)).toBe('cancelled');
  });

  it('cancels the HTTP body when the consumer stops early', async () => {
    const fakeClock = new VirtualClock();
    const { fake, adapter } = await setup({ clock: fakeClock, streamEventDelayMs: 10 });
    const stream = await adapter.stream(
      makeCall({ messages: [{ role: 'user', content: 'a long answer '.repeat(20) }] }),
    );
    const iterator = stream.parts[Symbol.asyncIterator]();
    const first = iterator.next();
    await fakeClock.advance(50);
    expect((await first).value).toMatchObject({ type: 'text-delta' });
    await iterator.return?.();
    expect(await fake.streamEnded(0)).toBe('cancelled');
    expect(fake.stats().main?.successes).toBe(1);
  });

  it('reads a completed stream to its end, so the server sees it completed', async () => {
    const { fake, adapter } = await setup();
    const { parts } = await collect((await adapter.stream(makeCall({}))).parts);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(await fake.streamEnded(0)).toBe('completed');
  });

  it('maps a refused connection to network', async () => {
    const { fake, adapter } = await setup();
    await fake.close();
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({
      category: 'network',
      retryable: true,
    });
  });

  it('waits for per-key latency on the provider clock', async () => {
    const fakeClock = new VirtualClock();
    const { fake, adapter } = await setup({ clock: fakeClock, keys: { [TEST_KEY]: { latencyMs: 2000 } } });
    let settled = false;
    const pending = adapter.execute(makeCall({})).finally(() => {
      settled = true;
    });
    await received(fake, 1);
    while (fakeClock.pendingTimers === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await fakeClock.advance(2000);
    expect((await pending).message.content).toBe('echo: hello');
  });

  it('classifies foreign errors through classifyError', async () => {
    const { adapter } = await setup();
    const context = { providerId: 'anthropic', clock: new VirtualClock() };
    const socket = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(adapter.classifyError(socket, context).category).toBe('network');
    expect(adapter.classifyError(new DOMException('late', 'TimeoutError'), context).category).toBe('timeout');
    expect(adapter.classifyError(new DOMException('stop', 'AbortError'), context).category).toBe('aborted');
    expect(adapter.classifyError(new SyntaxError('bad json'), context).code).toBe('malformed_response');
    expect(adapter.classifyError('weird', context)).toMatchObject({
      category: 'provider',
      code: 'unexpected_error',
    });
    const routerError = await routerErrorOf(adapter.execute(makeCall({}, { apiKey: 'sk-ant-other' })));
    expect(adapter.classifyError(routerError, context)).toBe(routerError);
  });

  it('uses an injected fetch and wraps its unknown failures', async () => {
    const seen: string[] = [];
    const adapter = new AnthropicAdapter({
      baseURL: 'http://127.0.0.1:9/',
      fetch: async (url) => {
        seen.push(url);
        throw new RangeError('boom');
      },
    });
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({
      category: 'network',
      code: 'unexpected_error',
    });
    expect(seen).toEqual(['http://127.0.0.1:9/v1/messages']);
  });
});
