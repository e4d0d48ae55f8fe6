import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, post } from './gemini-fake.test-helpers.js';
import type { GeminiFakeProvider } from './gemini-fake-options.js';
import { startGeminiFakeServer } from './start-gemini-fake-server.js';

// Each expectation restates a fact of /work/shared/WIRE.md (Google Gemini section) or of the public API docs.
const KEY = 'AIza-wire-key';
const GENERATE = '/v1beta/models/gemini-2.0-flash:generateContent';
const STREAM = '/v1beta/models/gemini-2.0-flash:streamGenerateContent';
let fake: GeminiFakeProvider;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { [KEY]: { label: 'wire', rpm: 1000 } } });
});
afterAll(() => fake.close());

function expectNoRateLimitHeaders(headers: Headers): void {
  for (const [name] of headers) expect(name).not.toMatch(/ratelimit|retry-after/i);
}

describe('simulated Gemini wire format', () => {
  it('answers generateContent with candidates, usageMetadata, modelVersion and responseId', async () => {
    const reply = await post(fake.url, GENERATE, ask('hello'), KEY);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.json).toEqual({
      candidates: [
        { content: { parts: [{ text: 'echo: hello' }], role: 'model' }, finishReason: 'STOP', index: 0 },
      ],
      usageMetadata: {
        promptTokenCount: 2,
        candidatesTokenCount: 3,
        totalTokenCount: 5,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
      },
      modelVersion: 'gemini-2.0-flash',
      responseId: expect.stringMatching(/^fake-gemini-\d+$/),
    });
    expectNoRateLimitHeaders(reply.headers);
  });

  it('streams alt=sse as data events with CRLF separators and no [DONE] terminator', async () => {
    const reply = await post(fake.url, STREAM, ask('stream this text'), KEY, { query: '?alt=sse' });
    expect(reply.headers.get('content-type')).toBe('text/event-stream');
    expect(reply.text).toMatch(/^(data: \{[^\r\n]*\}\r\n\r\n)+$/);
    expect(reply.text).not.toContain('[DONE]');
    const events = reply.text
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.slice(6)));
    expect(events.length).toBeGreaterThan(1);
    for (const event of events.slice(0, -1)) {
      expect(event).toEqual({
        candidates: [{ content: { parts: [{ text: expect.any(String) }], role: 'model' }, index: 0 }],
        usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
        modelVersion: 'gemini-2.0-flash',
        responseId: events[0].responseId,
      });
    }
    expect(events.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 6, totalTokenCount: 10 },
    });
    expect(events.map((e) => e.candidates[0].content.parts[0].text).join('')).toBe('echo: stream this text');
    expectNoRateLimitHeaders(reply.headers);
  });

  it('streams without alt=sse as one JSON array', async () => {
    const reply = await post(fake.url, STREAM, ask('hi'), KEY);
    expect(Array.isArray(reply.json)).toBe(true);
    expect((reply.json as unknown[]).at(-1)).toMatchObject({ candidates: [{ finishReason: 'STOP' }] });
  });

  it('answers an unknown key with 400 INVALID_ARGUMENT / API_KEY_INVALID, as Gemini does', async () => {
    const reply = await post(fake.url, GENERATE, ask('x'), 'AIza-nobody');
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
          {
            '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
            locale: 'en-US',
            message: 'API key not valid. Please pass a valid API key.',
          },
        ],
      },
    });
  });

  it('answers a missing key with 403 PERMISSION_DENIED and accepts ?key=', async () => {
    const missing = await post(fake.url, GENERATE, ask('x'), undefined);
    expect(missing.status).toBe(403);
    expect(missing.json).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
    const viaQuery = await post(fake.url, GENERATE, ask('x'), undefined, { query: `?key=${KEY}` });
    expect(viaQuery.status).toBe(200);
    expect(fake.requests().at(-1)).toMatchObject({ keySource: 'query', keyLabel: 'wire', query: {} });
  });

  it('sends 429 RESOURCE_EXHAUSTED with QuotaFailure, Help and RetryInfo details', async () => {
    fake.faults.add({ kind: 'rate_limit', delayMs: 58_000 });
    const reply = await post(fake.url, GENERATE, ask('x'), KEY);
    expect(reply.status).toBe(429);
    expect(reply.json).toEqual({
      error: {
        code: 429,
        message: expect.stringMatching(/^You exceeded your current quota.*Please retry in 58s\.$/s),
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [
              {
                quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
                quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
                quotaDimensions: { location: 'global', model: 'gemini-2.0-flash' },
                quotaValue: '1000',
              },
            ],
          },
          {
            '@type': 'type.googleapis.com/google.rpc.Help',
            links: [expect.objectContaining({ url: expect.any(String) })],
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '58s' },
        ],
      },
    });
    expectNoRateLimitHeaders(reply.headers);
  });

  it('formats fractional retry delays like protobuf durations', async () => {
    fake.faults.add({ kind: 'rate_limit', delayMs: 1500 });
    const reply = await post(fake.url, GENERATE, ask('x'), KEY);
    const details = (reply.json as { error: { details: Array<Record<string, unknown>> } }).error.details;
    expect(details.at(-1)).toEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '1.5s',
    });
  });

  it('uses the {"error": {code, message, status}} shape for every error', async () => {
    const kinds = [
      'forbidden',
      'not_found',
      'bad_request',
      'context_length',
      'server_error',
      'overloaded',
    ] as const;
    const expected = [
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
      [400, 'INVALID_ARGUMENT'],
      [400, 'INVALID_ARGUMENT'],
      [500, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
    ];
    for (const [i, kind] of kinds.entries()) {
      fake.faults.add({ kind });
      const reply = await post(fake.url, GENERATE, ask('x'), KEY);
      const [status, name] = expected[i] as [number, string];
      expect(reply.status).toBe(status);
      const error = (reply.json as { error: Record<string, unknown> }).error;
      expect(error).toMatchObject({ code: status, status: name, message: expect.any(String) });
      expect(Object.keys(error).filter((k) => k !== 'details')).toEqual(['code', 'message', 'status']);
    }
  });

  it('answers a function call as a functionCall part with STOP', async () => {
    const tools = [
      {
        functionDeclarations: [
          { name: 'lookup', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } } } },
        ],
      },
    ];
    const reply = await post(fake.url, GENERATE, ask('please lookup cats', { tools }), KEY);
    expect(reply.json).toMatchObject({
      candidates: [
        {
          content: {
            parts: [{ functionCall: { name: 'lookup', args: { q: 'please lookup cats' } } }],
            role: 'model',
          },
          finishReason: 'STOP',
        },
      ],
    });
  });

  it('answers a blocked prompt with promptFeedback.blockReason and no candidates', async () => {
    const blocking = await startGeminiFakeServer({ keys: { k: {} }, blockPromptsContaining: 'BAD' });
    try {
      const reply = await post(blocking.url, GENERATE, ask('something BAD'), 'k');
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ promptFeedback: { blockReason: 'SAFETY' } });
      expect((reply.json as Record<string, unknown>).candidates).toBeUndefined();
    } finally {
      await blocking.close();
    }
  });

  it('embeds with batchEmbedContents and embedContent', async () => {
    const path = '/v1beta/models/gemini-embedding-001';
    const batch = await post(
      fake.url,
      `${path}:batchEmbedContents`,
      { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }] },
      KEY,
    );
    expect(batch.json).toEqual({ embeddings: [{ values: expect.any(Array) }] });
    const single = await post(fake.url, `${path}:embedContent`, { content: { parts: [{ text: 'a' }] } }, KEY);
    expect(single.json).toEqual({
      embedding: {
        values: (batch.json as { embeddings: Array<{ values: number[] }> }).embeddings[0]?.values,
      },
    });
    const wrongModel = await post(
      fake.url,
      `${path}:batchEmbedContents`,
      { requests: [{ model: 'models/other', content: { parts: [{ text: 'a' }] } }] },
      KEY,
    );
    expect(wrongModel.status).toBe(400);
  });
});
