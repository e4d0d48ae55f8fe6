import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../fault-script.js';
import { ask, post, until } from './gemini-fake.test-helpers.js';
import type { GeminiFakeProvider } from './gemini-fake-options.js';
import { startGeminiFakeServer } from './start-gemini-fake-server.js';

const KEY = 'AIza-faults';
const GENERATE = '/v1beta/models/gemini-2.0-flash:generateContent';
const STREAM = '/v1beta/models/gemini-2.0-flash:streamGenerateContent';
const LONG = 'a prompt long enough to be streamed in several chunks';
let fake: GeminiFakeProvider;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { [KEY]: { label: 'f' }, 'AIza-other': { label: 'o' } } });
});
afterAll(() => fake.close());

const events = (text: string) =>
  text
    .split('\r\n\r\n')
    .filter(Boolean)
    .map((e) => e.slice(6));

describe('simulated Gemini faults', () => {
  const errors: Array<[FaultKind, number, string]> = [
    ['rate_limit', 429, 'RESOURCE_EXHAUSTED'],
    ['quota_exhausted', 429, 'RESOURCE_EXHAUSTED'],
    ['request_too_large', 429, 'RESOURCE_EXHAUSTED'],
    ['unauthorized', 400, 'INVALID_ARGUMENT'],
    ['forbidden', 403, 'PERMISSION_DENIED'],
    ['not_found', 404, 'NOT_FOUND'],
    ['bad_request', 400, 'INVALID_ARGUMENT'],
    ['context_length', 400, 'INVALID_ARGUMENT'],
    ['server_error', 500, 'INTERNAL'],
    ['overloaded', 503, 'UNAVAILABLE'],
    ['error_after_200', 503, 'UNAVAILABLE'],
  ];
  it.each(errors)('renders %s as HTTP %i %s (non-streamed)', async (kind, status, name) => {
    fake.faults.add({ kind, key: KEY });
    const reply = await post(fake.url, GENERATE, ask(LONG), KEY);
    expect(reply.status).toBe(status);
    expect(reply.json).toMatchObject({ error: { code: status, status: name } });
  });

  it('uses the per-day quota for quota_exhausted and a below-prompt input-token limit for request_too_large', async () => {
    fake.faults.add({ kind: 'quota_exhausted', key: KEY });
    fake.faults.add({ kind: 'request_too_large', key: KEY });
    const day = JSON.stringify((await post(fake.url, GENERATE, ask(LONG), KEY)).json);
    expect(day).toContain('GenerateRequestsPerDayPerProjectPerModel-FreeTier');
    const large = (await post(fake.url, GENERATE, ask(LONG), KEY)).json as {
      error: { details: Array<{ violations?: Array<Record<string, string>> }> };
    };
    const violation = large.error.details[0]?.violations?.[0];
    expect(violation?.quotaId).toBe('GenerateContentInputTokensPerModelPerMinute-FreeTier');
    expect(Number(violation?.quotaValue)).toBeLessThan(Math.ceil(LONG.length / 4));
  });

  it('echoes the key in the suspended-consumer message, like the real API', async () => {
    fake.faults.add({ kind: 'forbidden', key: KEY });
    expect((await post(fake.url, GENERATE, ask('x'), KEY)).text).toContain(`api_key:${KEY}`);
  });

  it('stops a streamed answer with SAFETY for content_filter', async () => {
    fake.faults.add({ kind: 'content_filter', key: KEY, stream: true });
    const reply = await post(fake.url, STREAM, ask(LONG), KEY, { query: '?alt=sse' });
    const last = JSON.parse(events(reply.text).at(-1) ?? '{}');
    expect(last.candidates[0]).toMatchObject({
      finishReason: 'SAFETY',
      safetyRatings: expect.arrayContaining([expect.objectContaining({ blocked: true })]),
    });
    fake.faults.add({ kind: 'content_filter', key: KEY, stream: false });
    expect((await post(fake.url, GENERATE, ask(LONG), KEY)).json).toMatchObject({
      candidates: [{ finishReason: 'SAFETY' }],
    });
  });

  it('cuts, breaks or errors a stream after HTTP 200', async () => {
    fake.faults.add({ kind: 'stream_cut', key: KEY, stream: true });
    const cut = events((await post(fake.url, STREAM, ask(LONG), KEY, { query: '?alt=sse' })).text);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => !e.includes('finishReason'))).toBe(true);
    fake.faults.add({ kind: 'error_after_200', key: KEY, stream: true });
    const errored = await post(fake.url, STREAM, ask(LONG), KEY, { query: '?alt=sse' });
    expect(errored.status).toBe(200);
    expect(JSON.parse(events(errored.text).at(-1) ?? '{}')).toEqual({
      error: {
        code: 503,
        message: 'The model is overloaded. Please try again later.',
        status: 'UNAVAILABLE',
      },
    });
    fake.faults.add({ kind: 'malformed_json', key: KEY, stream: true });
    const broken = events((await post(fake.url, STREAM, ask(LONG), KEY, { query: '?alt=sse' })).text);
    expect(() => JSON.parse(broken.at(-1) ?? '')).toThrow();
  });

  it('cuts a one-chunk streamed reply too (the cut never carries finishReason)', async () => {
    fake.faults.add({ kind: 'stream_cut', key: KEY, stream: true });
    const cut = events((await post(fake.url, STREAM, ask('x'), KEY, { query: '?alt=sse' })).text);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => !e.includes('finishReason'))).toBe(true);
  });

  it('sends a non-JSON 200 for malformed_json and a cut body for a non-streamed stream_cut', async () => {
    fake.faults.add({ kind: 'malformed_json', key: KEY, stream: false });
    const malformed = await post(fake.url, GENERATE, ask('x'), KEY);
    expect(malformed).toMatchObject({ status: 200, json: undefined });
    fake.faults.add({ kind: 'stream_cut', key: KEY, stream: false });
    await expect(post(fake.url, GENERATE, ask('x'), KEY)).rejects.toThrow();
  });

  it('resets the connection, hangs for timeout, and still answers when slow', async () => {
    fake.faults.add({ kind: 'connection_reset', key: KEY });
    await expect(post(fake.url, GENERATE, ask('x'), KEY)).rejects.toThrow(TypeError);
    fake.faults.add({ kind: 'timeout', key: KEY });
    const controller = new AbortController();
    const seen = fake.requests().length;
    const hanging = post(fake.url, GENERATE, ask('x'), KEY, { signal: controller.signal });
    await until(() => fake.requests().length > seen);
    controller.abort();
    await expect(hanging).rejects.toThrow();
    fake.faults.add({ kind: 'slow', key: KEY, delayMs: 1 });
    expect((await post(fake.url, GENERATE, ask('x'), KEY)).status).toBe(200);
  });

  it('applies a fault only to its key and streaming mode, and counts it', async () => {
    const before = fake.stats().o ?? { requests: 0, errors: 0 };
    fake.faults.add({ kind: 'server_error', key: 'AIza-other', stream: true });
    expect((await post(fake.url, GENERATE, ask('x'), 'AIza-other')).status).toBe(200);
    expect((await post(fake.url, GENERATE, ask('x'), KEY)).status).toBe(200);
    expect((await post(fake.url, STREAM, ask('x'), 'AIza-other', { query: '?alt=sse' })).status).toBe(500);
    expect(fake.stats().o).toMatchObject({ requests: before.requests + 2, errors: before.errors + 1 });
  });
});
