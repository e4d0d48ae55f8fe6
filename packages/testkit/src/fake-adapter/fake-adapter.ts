import {
  type AdapterCall,
  type AdapterCapabilities,
  type AdapterResponse,
  type AdapterStream,
  type AdapterStreamPart,
  type ClassifyContext,
  type Clock,
  classifyTransportError,
  type ProviderAdapter,
  type RateLimitObservation,
  RouterError,
  type Usage,
} from '@apikeyrouter/core';
import { FaultScript, type FaultSpec } from '../fake-http/fault-script.js';
import { type GatedKey, KeyGate } from '../fake-http/key-gate.js';
import type { UpstreamKeyStats } from '../fake-http/provider-stats.js';
import { openAIStyleRateLimitHeaders } from '../limits/openai-style-headers.js';
import { chunkText, countFakeTokens, fakeReply } from '../simulation/fake-reply.js';
import { PrefixCache } from '../simulation/prefix-cache.js';
import { cacheablePrefix } from './cacheable-prefix.js';
import type { FakeAdapterOptions } from './fake-adapter-options.js';
import { faultError, limitError } from './fault-errors.js';
import { parseOpenAIStyleHeaders } from './parse-openai-style-headers.js';

const DEFAULT_CAPABILITIES: AdapterCapabilities = {
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: true,
  embeddings: false,
  models: ['*'],
};

function lastUserText(call: AdapterCall): string {
  for (let i = call.intent.messages.length - 1; i >= 0; i--) {
    const message = call.intent.messages[i];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    return message.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join(' ');
  }
  return '';
}

function promptTokens(call: AdapterCall): number {
  let tokens = 0;
  for (const message of call.intent.messages) {
    const content = message.content;
    if (typeof content === 'string') tokens += countFakeTokens(content);
    else if (Array.isArray(content))
      for (const part of content) tokens += part.type === 'text' ? countFakeTokens(part.text) : 85;
  }
  return tokens;
}

/**
 * An in-process provider for tests, demos and benchmarks: hidden per-key limits (rpm, tpm, rpd, tpd,
 * concurrency), latency on the injected clock, scripted faults, streaming and OpenAI-style rate-limit
 * observations. With zero latency it answers without any timer, which makes it the baseline for router
 * overhead benchmarks.
 *
 * @example
 * const clock = new VirtualClock({ autoAdvance: true });
 * const fake = new FakeAdapter({ clock, keys: { 'sk-a': { rpm: 60, latencyMs: 200 } } });
 * await router.registerProvider('fake', fake);
 * await router.registerKey('sk-a', 'fake');
 */
export class FakeAdapter implements ProviderAdapter {
  /** The adapter contract version implemented. */
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  readonly capabilities: AdapterCapabilities;
  /** Scripted faults; add more while running. */
  readonly faults: FaultScript;
  readonly #clock: Clock;
  readonly #gate: KeyGate;
  readonly #chunkDelayMs: number;
  readonly #reportRateLimits: boolean;
  readonly #models: readonly string[];
  readonly #promptCache: PrefixCache | undefined;

  constructor(options: FakeAdapterOptions) {
    this.id = options.id ?? 'fake';
    this.#clock = options.clock;
    this.#gate = new KeyGate(options.keys, options.clock);
    this.#models = options.models ?? ['*'];
    this.capabilities = { ...DEFAULT_CAPABILITIES, models: this.#models, ...options.capabilities };
    this.faults = new FaultScript(options.faults ?? []);
    this.#chunkDelayMs = options.chunkDelayMs ?? 0;
    this.#reportRateLimits = options.reportRateLimits ?? true;
    this.#promptCache =
      options.promptCache === false
        ? undefined
        : new PrefixCache(options.promptCache ?? {}, () => options.clock.now());
  }

  /** Per-key counters by label. */
  stats(): Record<string, UpstreamKeyStats> {
    return this.#gate.stats.snapshot();
  }

  /** Adds a fault at the end of the script. */
  addFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const { key, release, inputTokens, observation } = await this.#admit(call, false);
    const reply = fakeReply(lastUserText(call), call.intent.parameters?.maxTokens);
    release(inputTokens + reply.outputTokens);
    this.#gate.stats.record(key.label, 'success', { inputTokens, outputTokens: reply.outputTokens });
    const usage = this.#usage(key, call, inputTokens, reply.outputTokens);
    const response: AdapterResponse = {
      message: { role: 'assistant', content: reply.text },
      finishReason: reply.finish,
      usage,
      model: call.model,
      raw: { id: `fake-${call.requestId}`, model: call.model, text: reply.text },
    };
    const rateLimits = observation ?? this.#observe(key);
    if (rateLimits) response.rateLimits = rateLimits;
    return response;
  }

  async stream(call: AdapterCall): Promise<AdapterStream> {
    const { key, release, inputTokens, fault, observation } = await this.#admit(call, true);
    const reply = fakeReply(lastUserText(call), call.intent.parameters?.maxTokens);
    const clock = this.#clock;
    const delay = this.#chunkDelayMs;
    const stats = this.#gate.stats;
    const providerId = this.id;
    const chunks = chunkText(reply.text);
    const servedUsage = (input: number, output: number) => this.#usage(key, call, input, output);
    async function* parts(): AsyncGenerator<AdapterStreamPart> {
      let finished = false;
      try {
        if (fault?.kind === 'error_after_200') throw faultError('error_after_200', providerId);
        for (let i = 0; i < chunks.length; i++) {
          if (fault?.kind === 'stream_cut' && i === Math.floor(chunks.length / 2) && i > 0)
            throw faultError('stream_cut', providerId);
          if (delay > 0) await clock.sleep(delay, call.signal);
          yield { type: 'text-delta', text: chunks[i] as string };
        }
        const usage = servedUsage(inputTokens, reply.outputTokens);
        finished = true;
        stats.record(key.label, 'success', { inputTokens, outputTokens: reply.outputTokens });
        yield { type: 'finish', finishReason: reply.finish, usage, model: call.model };
      } catch (error) {
        if (!finished) stats.record(key.label, 'error');
        throw (
          classifyTransportError(error, { providerId, timedOut: false, aborted: call.signal.aborted }) ??
          error
        );
      } finally {
        release(inputTokens + reply.outputTokens);
      }
    }
    const stream: AdapterStream = { parts: parts() };
    const rateLimits = observation ?? this.#observe(key);
    if (rateLimits) stream.rateLimits = rateLimits;
    return stream;
  }

  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    return parseOpenAIStyleHeaders(headers, now);
  }

  classifyError(error: unknown, context: ClassifyContext): RouterError {
    return (
      classifyTransportError(error, { providerId: context.providerId, timedOut: false, aborted: false }) ??
      new RouterError('provider', 'The fake provider failed', { providerId: context.providerId })
    );
  }

  /** Usage of a served call, with the prompt tokens this key's cache served. */
  #usage(key: GatedKey, call: AdapterCall, inputTokens: number, outputTokens: number): Usage {
    const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    if (!this.#promptCache) return usage;
    const prefix = cacheablePrefix(call);
    const cached = this.#promptCache.cachedTokens(key.label, prefix.text, prefix.tokens);
    if (cached > 0) usage.cachedInputTokens = Math.min(cached, inputTokens);
    return usage;
  }

  #observe(key: GatedKey): RateLimitObservation | undefined {
    if (!this.#reportRateLimits) return undefined;
    const headers = openAIStyleRateLimitHeaders(key.limits.snapshot());
    return this.parseRateLimits(new Headers(headers), this.#clock.now());
  }

  async #admit(call: AdapterCall, stream: boolean) {
    if (call.signal.aborted)
      throw new RouterError('aborted', 'The request was aborted', { providerId: this.id });
    const key = this.#gate.lookup(call.apiKey);
    if (!key) throw faultError('unauthorized', this.id);
    this.#gate.stats.record(key.label, 'pending');
    const fault = this.faults.take(call.apiKey, stream);
    if (fault && fault.kind !== 'slow' && fault.kind !== 'stream_cut' && fault.kind !== 'error_after_200') {
      if (fault.kind === 'timeout') {
        // Never answers: only the caller's signal (deadline or abort) ends the wait.
        await new Promise<never>((_, reject) =>
          call.signal.addEventListener(
            'abort',
            () => reject(new RouterError('timeout', 'The provider did not answer', { providerId: this.id })),
            { once: true },
          ),
        );
      }
      this.#gate.stats.record(key.label, fault.kind === 'rate_limit' ? 'rate_limited' : 'error');
      throw faultError(fault.kind, this.id, fault.delayMs);
    }
    const inputTokens = promptTokens(call);
    const admission = key.limits.admit(inputTokens + (call.intent.parameters?.maxTokens ?? 256));
    if (!admission.ok) {
      this.#gate.stats.record(key.label, 'rate_limited');
      throw limitError(admission, this.id, this.#observe(key), this.#clock.now());
    }
    const latency = key.latencyMs + (fault?.kind === 'slow' ? (fault.delayMs ?? 5000) : 0);
    if (latency > 0) {
      try {
        await this.#clock.sleep(latency, call.signal);
      } catch {
        admission.release();
        this.#gate.stats.record(key.label, 'error');
        throw new RouterError('aborted', 'The request was aborted', { providerId: this.id });
      }
    }
    // Headers describe the provider's counters when the response leaves it, as real providers send them.
    return { key, release: admission.release, inputTokens, fault, observation: this.#observe(key) };
  }
}
