import { VirtualClock } from '@apikeyrouter/core';
import {
  type AdapterCall,
  type AdapterStreamPart,
  UPSTREAM_ERROR_CODES as CODES,
  type ErrorCategory,
  guardAdapter,
  type ProviderAdapter,
  RouterError,
  type UpstreamErrorCode,
} from '@apikeyrouter/provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContractSetup, StatusFailure } from './contract-types.js';
import { type ContractUpstream, startContractUpstream } from './contract-upstream.js';
import { CONTRACT_CANARY, containsCanary, serialise } from './leak-check.js';

const TIMEOUT_MS = 5000;
const IDLE_MS = 1000;
const MAX_BODY = 64 * 1024;

/** The category and code every adapter must give each status failure (the kit's `UPSTREAM_ERROR_CODES`). */
const STATUS_VERDICT: Readonly<Record<StatusFailure, readonly [ErrorCategory, UpstreamErrorCode]>> = {
  unauthorized: ['authentication', CODES.invalidApiKey],
  forbidden: ['permission', CODES.permissionDenied],
  model_not_found: ['not_found', CODES.modelNotFound],
  request_timeout: ['timeout', CODES.upstreamTimeout],
  rate_limit: ['rate_limit', CODES.rateLimited],
  quota: ['quota_exhausted', CODES.insufficientQuota],
  server_error: ['provider', CODES.serverError],
  unavailable: ['provider', CODES.serviceUnavailable],
  overloaded: ['provider', CODES.overloaded],
};

async function failure(run: () => Promise<unknown>): Promise<RouterError> {
  try {
    await run();
  } catch (error) {
    expect(RouterError.isInstance(error), String(error)).toBe(true);
    return error as RouterError;
  }
  throw new Error('expected the call to fail');
}

async function drain(parts: AsyncIterable<AdapterStreamPart>): Promise<AdapterStreamPart[]> {
  const out: AdapterStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

function pump(res: import('node:http').ServerResponse, contentType: string, prefix = ''): void {
  res.writeHead(200, { 'content-type': contentType });
  if (prefix) res.write(prefix);
  const block = Buffer.alloc(32 * 1024, 0x78);
  const more = () => {
    while (!res.destroyed && res.write(block)) {}
    if (!res.destroyed) res.once('drain', more);
  };
  more();
}

/**
 * The adapter contract: runs one adapter (wrapped in the kit's `guardAdapter`, as the router does) against a
 * scripted loopback upstream speaking its wire format, and checks that every failure gets the same category
 * (and, for failures the kit owns, the same code) as in every other adapter, that caps, timeouts and
 * redirects behave the same, and that a key echoed by the upstream never comes out.
 *
 * @example
 * runAdapterContract('openai', { model: 'gpt-4o-mini', wire: openAIWire, create: (o) => new OpenAIAdapter({ ...o, baseURL: `${o.baseURL}/v1` }) });
 */
export function runAdapterContract(name: string, setup: AdapterContractSetup): void {
  describe(`${name} adapter contract`, () => {
    let upstream: ContractUpstream;
    let clock: VirtualClock;
    let adapter: ProviderAdapter;
    const extra: ContractUpstream[] = [];

    const make = (baseURL: string) =>
      guardAdapter(
        setup.create({
          baseURL,
          timeoutMs: TIMEOUT_MS,
          idleTimeoutMs: IDLE_MS,
          limits: { maxResponseBytes: MAX_BODY, maxLineBytes: MAX_BODY },
        }),
      );
    const call = (): AdapterCall => ({
      model: setup.model,
      intent: {
        model: setup.model,
        messages: [{ role: 'user', content: 'ping' }],
        parameters: { maxTokens: 5 },
      },
      apiKey: CONTRACT_CANARY,
      signal: new AbortController().signal,
      requestId: 'req_contract',
      clock,
    });
    const expectCode = (error: RouterError, category: ErrorCategory, code: string) => {
      expect([error.category, error.code]).toEqual([category, code]);
      expect(containsCanary(serialise(error))).toEqual([]);
    };

    beforeEach(async () => {
      clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
      upstream = await startContractUpstream();
      adapter = make(upstream.url);
    });
    afterEach(async () => {
      await Promise.all([upstream, ...extra.splice(0)].map((server) => server.close()));
    });

    it('connection refused → network / connection_refused', async () => {
      const gone = await startContractUpstream();
      await gone.close();
      expectCode(await failure(() => make(gone.url).execute(call())), 'network', 'connection_refused');
    });

    it('reset mid-body → network / connection_reset', async () => {
      upstream.script = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('{"id":"x",');
        setImmediate(() => res.socket?.destroy());
      };
      expectCode(await failure(() => adapter.execute(call())), 'network', 'connection_reset');
    });

    it('whole-call timeout → timeout / timeout', async () => {
      upstream.script = () => undefined;
      const pending = failure(() => adapter.execute(call()));
      await upstream.arrived();
      await clock.advance(TIMEOUT_MS);
      expectCode(await pending, 'timeout', 'timeout');
    });

    it('idle timeout mid-stream → timeout / idle_timeout', async () => {
      upstream.script = (_req, res) => {
        res.writeHead(200, { 'content-type': setup.wire.streamContentType });
        res.write(setup.wire.streamHead(setup.model));
      };
      const stream = await adapter.stream(call());
      const iterator = stream.parts[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      const pending = failure(async () => {
        for (;;) if ((await iterator.next()).done) return;
      });
      await clock.advance(IDLE_MS);
      expectCode(await pending, 'timeout', 'idle_timeout');
    });

    it('invalid JSON on 200 → provider / malformed_response', async () => {
      upstream.script = (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"not json');
      expectCode(await failure(() => adapter.execute(call())), 'provider', 'malformed_response');
    });

    it('truncated stream → network / stream_truncated', async () => {
      upstream.script = (_req, res) => {
        res.writeHead(200, { 'content-type': setup.wire.streamContentType });
        res.end(setup.wire.streamHead(setup.model));
      };
      const stream = await adapter.stream(call());
      expectCode(await failure(() => drain(stream.parts)), 'network', 'stream_truncated');
    });

    it('oversized body → provider / response_too_large', async () => {
      upstream.script = (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(' '.repeat(MAX_BODY + 1));
      expectCode(await failure(() => adapter.execute(call())), 'provider', 'response_too_large');
    });

    it('endless body and endless stream line → provider / response_too_large', async () => {
      upstream.script = (_req, res) => pump(res, 'application/json');
      expectCode(await failure(() => adapter.execute(call())), 'provider', 'response_too_large');
      upstream.script = (_req, res) =>
        pump(res, setup.wire.streamContentType, setup.wire.streamHead(setup.model));
      const stream = await adapter.stream(call());
      expectCode(await failure(() => drain(stream.parts)), 'provider', 'response_too_large');
    });

    it('redirect to another origin → provider / redirect_refused; that origin receives no credential', async () => {
      const thief = await startContractUpstream();
      extra.push(thief);
      upstream.script = (_req, res) =>
        res.writeHead(307, { location: `${thief.url.replace('127.0.0.1', 'localhost')}/steal` }).end();
      expectCode(await failure(() => adapter.execute(call())), 'provider', 'redirect_refused');
      expect(thief.requests).toHaveLength(0);
    });

    for (const [kind, [category, code]] of Object.entries(STATUS_VERDICT) as [
      StatusFailure,
      readonly [ErrorCategory, UpstreamErrorCode],
    ][]) {
      it(`${kind} → ${category} / ${code}, with the key echoed in every field and never let out`, async () => {
        const reply = setup.wire.error(kind, CONTRACT_CANARY);
        upstream.script = (_req, res) =>
          res
            .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
            .end(reply.body);
        const error = await failure(() => adapter.execute(call()));
        expectCode(error, category, code);
      });
    }

    it('200 with an error body → provider / upstream_error, and lets no key out', async () => {
      const reply = setup.wire.error('server_error', CONTRACT_CANARY);
      upstream.script = (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(reply.body);
      expectCode(await failure(() => adapter.execute(call())), 'provider', CODES.upstreamError);
    });

    it('key echoed in model and request id of a success, streamed or not, never comes out', async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (setup.wire.requestIdHeader) headers[setup.wire.requestIdHeader] = CONTRACT_CANARY;
      upstream.script = (_req, res) => res.writeHead(200, headers).end(setup.wire.answer(CONTRACT_CANARY));
      const response = await adapter.execute(call());
      expect(response.message.content).toBe('ok');
      expect(containsCanary(serialise({ ...response, message: undefined }))).toEqual([]);
      upstream.script = (_req, res) =>
        res
          .writeHead(200, { ...headers, 'content-type': setup.wire.streamContentType })
          .end(setup.wire.streamHead(CONTRACT_CANARY) + setup.wire.streamTail(CONTRACT_CANARY));
      const stream = await adapter.stream(call());
      const parts = await drain(stream.parts);
      expect(parts.at(-1)?.type).toBe('finish');
      expect(containsCanary(serialise({ parts, requestId: stream.providerRequestId }))).toEqual([]);
    });
  });
}
