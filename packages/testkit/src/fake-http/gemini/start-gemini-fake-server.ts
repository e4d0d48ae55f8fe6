import type { ServerResponse } from 'node:http';
import { SystemClock } from '@apikeyrouter/core';
import { FaultScript } from '../fault-script.js';
import { KeyGate } from '../key-gate.js';
import { type FakeRequest, resetConnection, sendJson, startLoopbackServer } from '../loopback-server.js';
import { embedBody, readEmbedInput } from './gemini-embed-handler.js';
import { type GeminiErrorBody, geminiErrors } from './gemini-error-bodies.js';
import type { GeminiFakeOptions, GeminiFakeProvider, GeminiRequestLog } from './gemini-fake-options.js';
import { type GeminiPlan, planGeminiFault, rejectionError } from './gemini-fault-plan.js';
import { respondGenerate } from './gemini-generate-handler.js';
import { validateGeminiRequest } from './gemini-request-validator.js';
import { viewGeminiRequest } from './gemini-request-view.js';

const ROUTE = /^\/(v1beta|v1|v1alpha)\/(?:models|tunedModels)\/([^/:]+):([A-Za-z]+)$/;
const METHODS = new Set(['generateContent', 'streamGenerateContent', 'batchEmbedContents', 'embedContent']);

function keyOf(request: FakeRequest): { material?: string; source: GeminiRequestLog['keySource'] } {
  const header = request.headers['x-goog-api-key'];
  if (typeof header === 'string' && header !== '') return { material: header, source: 'header' };
  const query = request.query.get('key');
  return query ? { material: query, source: 'query' } : { source: 'none' };
}

/**
 * Starts a simulated Gemini API on 127.0.0.1: `POST /{v1beta|v1}/models/{model}:generateContent`,
 * `:streamGenerateContent` (`?alt=sse` → `data: …\r\n\r\n` events; otherwise one JSON array),
 * `:batchEmbedContents` and `:embedContent`, key in `x-goog-api-key` (or `?key=`). It answers like the real
 * API: 400 API_KEY_INVALID for unknown keys, 403 for a missing key, 404 for unknown models or methods, 400 for
 * malformed bodies, 429 RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo when a hidden limit is hit, and no
 * rate-limit headers (Gemini sends none). Latency, faults and chunk pacing run on the given clock.
 *
 * @example
 * const fake = await startGeminiFakeServer({ keys: { 'AIza-test': { rpm: 15, label: 'a' } } });
 * const adapter = new GeminiAdapter({ baseURL: fake.url });
 * await fake.close();
 */
export async function startGeminiFakeServer(options: GeminiFakeOptions): Promise<GeminiFakeProvider> {
  const clock = options.clock ?? new SystemClock();
  const gate = new KeyGate(options.keys, clock);
  const faults = new FaultScript(options.faults);
  const log: GeminiRequestLog[] = [];
  let cancelled = 0;
  let responses = 0;
  const wait = (ms: number) => (ms > 0 ? clock.sleep(ms) : Promise.resolve());

  const fail = (response: ServerResponse, label: string, body: GeminiErrorBody) => {
    gate.stats.record(label, body.error.code === 429 ? 'rate_limited' : 'error');
    if (!response.destroyed) sendJson(response, body.error.code, body);
  };

  const handle = async (request: FakeRequest, response: ServerResponse): Promise<void> => {
    const { material, source } = keyOf(request);
    const key = gate.lookup(material);
    const label = key?.label ?? 'unknown';
    const query = Object.fromEntries([...request.query].filter(([name]) => name !== 'key'));
    log.push({ path: request.path, query, body: request.body, keyLabel: label, keySource: source });
    gate.stats.record(label, 'pending');
    const route = ROUTE.exec(request.path);
    if (!route || request.method !== 'POST' || !METHODS.has(route[3] as string)) {
      return fail(
        response,
        label,
        geminiErrors.modelNotFound(
          route?.[2] ?? 'unknown',
          route?.[1] ?? 'v1beta',
          route?.[3] ?? request.path,
        ),
      );
    }
    const [, version, model, method] = route as unknown as [string, string, string, string];
    if (material === undefined) return fail(response, label, geminiErrors.missingKey());
    if (!key) return fail(response, label, geminiErrors.apiKeyInvalid());
    const stream = method === 'streamGenerateContent';
    const embedding = method === 'batchEmbedContents' || method === 'embedContent';
    const view = viewGeminiRequest(request.body);
    const fault = faults.take(material, stream);
    const plan: GeminiPlan | undefined = fault
      ? planGeminiFault(fault, {
          key: material,
          model,
          version,
          method,
          promptTokens: view.promptTokens,
          stream,
          limits: key.limits.snapshot(),
        })
      : undefined;
    if (plan?.type === 'reset' || plan?.type === 'hang') {
      gate.stats.record(label, 'error');
      if (plan.type === 'reset') resetConnection(response);
      return;
    }
    const latency = key.latencyMs + (plan?.type === 'slow' ? plan.delayMs : 0);
    if (plan?.type === 'error') {
      await wait(latency);
      return fail(response, label, plan.body);
    }
    const served = (options.models?.includes(model) ?? true) && embedding === model.includes('embedding');
    if (!served) return fail(response, label, geminiErrors.modelNotFound(model, version, method));
    const embed = embedding ? readEmbedInput(request.body, method, model) : undefined;
    const invalid = embed
      ? embed.ok
        ? undefined
        : { message: embed.message }
      : validateGeminiRequest(request.body, model);
    if (invalid) return fail(response, label, geminiErrors.invalidArgument(invalid.message, invalid.field));
    const tokens = embed?.ok ? embed.tokens : view.promptTokens;
    const admission = key.limits.admit(tokens);
    if (!admission.ok) {
      await wait(latency);
      return fail(response, label, rejectionError(admission, model));
    }
    try {
      await wait(latency);
      if (response.destroyed) return gate.stats.record(label, 'error');
      if (embed?.ok) {
        sendJson(response, 200, embedBody(embed.texts, method, options.embeddingDimensions ?? 8));
        return gate.stats.record(label, 'success', { inputTokens: tokens, outputTokens: 0 });
      }
      const blockWord = options.blockPromptsContaining;
      const result = await respondGenerate({
        response,
        view,
        model,
        stream,
        sse: request.query.get('alt') === 'sse',
        responseId: `fake-gemini-${++responses}`,
        shape: plan?.type === 'shape' ? plan.shape : undefined,
        blocked: blockWord !== undefined && blockWord !== '' && view.echoText.includes(blockWord),
        clock,
        chunkDelayMs: options.streamChunkDelayMs ?? 0,
      });
      if (result.outcome === 'cancelled') cancelled++;
      if (result.outcome === 'complete') gate.stats.record(label, 'success', result.tokens);
      else gate.stats.record(label, 'error');
    } finally {
      admission.release();
    }
  };

  const server = await startLoopbackServer(handle);
  return {
    url: server.url,
    faults,
    stats: () => gate.stats.snapshot(),
    requests: () => log.map((entry) => ({ ...entry })),
    cancelledStreams: () => cancelled,
    close: () => server.close(),
  };
}
