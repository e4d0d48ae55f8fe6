import { describe, expect, it } from 'vitest';
import { RouterError, type RouteStreamChunk, type StreamOpen } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('routeStream() onStreamOpen', () => {
  it('names the serving key (after failover) before the first chunk, and matches the finish chunk', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '3', outputPerMillion: '3' },
      { keyId: keys.b?.id as string },
    );
    adapters.openai?.addFault({ kind: 'error_after_200', key: 'sk-a-0000001' });
    const seen: Array<StreamOpen | RouteStreamChunk> = [];
    const stream = router.routeStream(intent(), 'cost', { onStreamOpen: (open) => seen.push(open) });
    for await (const chunk of stream) seen.push(chunk);
    const open = seen[0] as StreamOpen;
    expect(open).toEqual({
      requestId: expect.stringMatching(/^req_/),
      providerId: 'openai',
      keyId: keys.b?.id,
      model: 'gpt-test',
      attempts: 2,
    });
    expect(seen.filter((item) => 'keyId' in item && !('type' in item))).toHaveLength(1);
    const finish = seen.at(-1);
    if (finish === undefined || !('type' in finish) || finish.type !== 'finish') throw new Error('no finish');
    expect(finish.keyId).toBe(open.keyId);
    expect(finish.requestId).toBe(open.requestId);
    expect(finish.attempts).toBe(open.attempts);
    expect(JSON.stringify(open)).not.toContain('sk-');
  });

  it('is not called when no stream opens; a throwing callback does not break the stream', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' } } },
    });
    adapters.openai?.addFault({ kind: 'error_after_200', key: 'sk-a-0000001', times: 10 });
    let calls = 0;
    const failing = router.routeStream(intent(), 'cost', {
      maxAttempts: 1,
      onStreamOpen: () => {
        calls++;
      },
    });
    await expect(failing.next()).rejects.toBeInstanceOf(RouterError);
    expect(calls).toBe(0);

    const { router: ok } = await createFixture({ openai: { keys: { 'sk-c-0000001': { label: 'c' } } } });
    const chunks: RouteStreamChunk[] = [];
    const stream = ok.routeStream(intent(), 'cost', {
      onStreamOpen: () => {
        throw new Error('listener bug');
      },
    });
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.type).toBe('finish');
  });

  it('rejects a non-function onStreamOpen as a validation error', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    const stream = router.routeStream(intent(), 'cost', {
      onStreamOpen: 'call me' as unknown as (open: StreamOpen) => void,
    });
    await expect(stream.next()).rejects.toMatchObject({ category: 'validation' });
  });
});
