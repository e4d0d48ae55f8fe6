import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { chatIntent, telemetryFixture } from './telemetry.test-helpers.js';

const CANARY_KEY = 'sk-canary-7f3e9d2c1b0a-SECRET';
const CANARY_PROMPT = 'PROMPT-CANARY-41d9';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function values(attributes: Attributes): string[] {
  return Object.entries(attributes).flatMap(([name, value]) => [name, JSON.stringify(value)]);
}

describe('telemetry never carries key material or prompt text', () => {
  it('no span name, attribute, status, event or metric attribute contains the canary key or the prompt', async () => {
    const f = await telemetryFixture({
      [CANARY_KEY]: { label: 'canary' },
      'sk-other-000001': { label: 'other' },
    });
    cleanup = f.shutdown;
    const { router, adapter, keys, finishedSpans, collect } = f;
    adapter.addFault({ kind: 'unauthorized', key: CANARY_KEY });
    adapter.addFault({ kind: 'rate_limit', key: 'sk-other-000001' });
    await router.route(chatIntent(`${CANARY_PROMPT} ${CANARY_KEY}`), 'cost').catch(() => undefined);
    for await (const _chunk of router.routeStream(chatIntent(CANARY_PROMPT))) {
      // drain
    }
    await router.enableKey(keys.canary?.id as string);
    await router.route(chatIntent(CANARY_PROMPT), 'cost').catch(() => undefined);
    const spans = finishedSpans();
    expect(spans.length).toBeGreaterThanOrEqual(4);
    const texts: string[] = [];
    for (const span of spans) {
      texts.push(span.name, String(span.status.message ?? ''), ...values(span.attributes));
      for (const event of span.events) texts.push(event.name, ...values(event.attributes ?? {}));
    }
    for (const points of (await collect()).values()) {
      for (const point of points) texts.push(...values(point.attributes));
    }
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) {
      expect(text).not.toContain('canary-7f3e');
      expect(text).not.toContain(CANARY_PROMPT);
    }
  });
});
