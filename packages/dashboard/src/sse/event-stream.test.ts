import { describe, expect, it } from 'vitest';
import { createDashboard } from '../create-dashboard.js';
import { CANARY, dashboardRouter, traffic } from '../dashboard.test-helpers.js';

const decoder = new TextDecoder();

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  let text = '';
  while (!text.includes(needle)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${needle}: ${text}`);
    text += decoder.decode(value);
  }
  return text;
}

describe('dashboard live events', () => {
  it('streams router events as server-sent events, without key material', async () => {
    const { router, keys } = await dashboardRouter();
    const dash = createDashboard({ router });
    const response = await dash.handle(new Request('http://127.0.0.1/dashboard/api/events'));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, ': connected');
    await router.disableKey(keys.primary?.id as string, 'leaked?');
    const disabled = await readUntil(reader, '\n\n');
    expect(disabled).toContain('event: keyStateChanged');
    const data = JSON.parse(disabled.split('data: ')[1] as string);
    expect(data).toMatchObject({ keyId: keys.primary?.id, to: 'disabled', reason: 'leaked?' });
    await router.enableKey(keys.primary?.id as string);
    await traffic(router, 2);
    const text = await readUntil(reader, 'event: requestCompleted');
    expect(text).toContain('event: decision');
    expect(text).toContain('event: attempt');
    expect(text).not.toContain(CANARY);
    await reader.cancel();
    dash.close();
  });

  it('drops a client that does not read, keeps one that does, and refuses clients beyond the limit', async () => {
    const { router, keys } = await dashboardRouter();
    const dash = createDashboard({ router, clientBufferSize: 4, maxClients: 2 });
    const stalled = await dash.handle(new Request('http://127.0.0.1/dashboard/api/events'));
    const reading = await dash.handle(new Request('http://127.0.0.1/dashboard/api/events'));
    const third = await dash.handle(new Request('http://127.0.0.1/dashboard/api/events'));
    expect(third.status).toBe(503);
    const reader = (reading.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value);
      }
    })();
    for (let i = 0; i < 10; i++) {
      await router.disableKey(keys.backup?.id as string, `off ${i}`);
      await router.enableKey(keys.backup?.id as string, `on ${i}`);
      await new Promise((resolve) => setImmediate(resolve)); // let the reading client's pump drain
    }
    expect(received.match(/event: keyStateChanged/g)).toHaveLength(20);
    const stalledReader = (stalled.body as ReadableStream<Uint8Array>).getReader();
    await expect(
      (async () => {
        for (;;) if ((await stalledReader.read()).done) return 'ended';
      })(),
    ).rejects.toThrow('too slow');
    // The dropped client's slot is free again.
    const again = await dash.handle(new Request('http://127.0.0.1/dashboard/api/events'));
    expect(again.status).toBe(200);
    await again.body?.cancel();
    dash.close();
    await pump;
  });
});
