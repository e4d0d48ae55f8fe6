import type { AdapterStream, AdapterStreamPart, FinishReason } from '../adapter/provider-adapter.js';
import type { Usage } from '../adapter/usage.js';
import { RouterError } from '../errors/router-error.js';

import type { AssistantMessage, ToolCall } from '../intent/message-schema.js';
import type { RouterCore } from '../router/router-core.js';
import { type AttemptWin, runAttempts, untilAborted } from './attempt-loop.js';
import {
  applyFailureToKey,
  callFields,
  completeWithError,
  completeWithSuccess,
  normaliseAttemptError,
  releaseInFlight,
} from './key-outcome.js';
import { abortError, type PreparedRequest } from './prepared-request.js';
import type { RouteStreamChunk } from './route-response.js';
import { saneUsage, settleSuccess } from './settle-success.js';

interface OpenedStream {
  stream: AdapterStream;
  iterator: AsyncIterator<AdapterStreamPart>;
  first: IteratorResult<AdapterStreamPart>;
}

/** Collects the streamed answer so the final chunk can carry the whole message. */
class StreamAccumulator {
  text = '';
  toolCalls: Array<{ id: string; name: string; arguments: string }> = [];
  finishReason: FinishReason = 'stop';
  usage: Usage | undefined;
  model: string | undefined;

  add(part: AdapterStreamPart): void {
    if (part.type === 'text-delta') this.text += part.text;
    else if (part.type === 'tool-call-delta') {
      let call = this.toolCalls[part.index];
      if (!call) {
        call = { id: part.id ?? `call_${part.index}`, name: '', arguments: '' };
        this.toolCalls[part.index] = call;
      }
      if (part.id) call.id = part.id;
      if (part.name) call.name += part.name;
      call.arguments += part.argumentsDelta;
    } else {
      this.finishReason = part.finishReason;
      if (part.usage) this.usage = part.usage;
      if (part.model) this.model = part.model;
    }
  }

  message(): AssistantMessage {
    const message: AssistantMessage = { role: 'assistant', content: this.text };
    const calls: ToolCall[] = this.toolCalls.filter(Boolean);
    if (calls.length > 0) message.toolCalls = calls;
    return message;
  }

  /** Usage as reported, or estimated from what was streamed when the provider sent none. */
  usageOr(estimateInput: number): Usage {
    if (this.usage) return this.usage;
    const outputTokens = Math.ceil(
      (this.text.length + this.toolCalls.reduce((n, c) => n + (c?.arguments.length ?? 0), 0)) / 4,
    );
    return { inputTokens: estimateInput, outputTokens, totalTokens: estimateInput + outputTokens };
  }
}

function toChunk(part: AdapterStreamPart): RouteStreamChunk | undefined {
  if (part.type === 'text-delta') return { type: 'text-delta', text: part.text };
  if (part.type === 'tool-call-delta') {
    const chunk: RouteStreamChunk = {
      type: 'tool-call-delta',
      index: part.index,
      argumentsDelta: part.argumentsDelta,
    };
    if (part.id !== undefined) chunk.id = part.id;
    if (part.name !== undefined) chunk.name = part.name;
    return chunk;
  }
  return undefined;
}

/**
 * Serves a prepared streamed request. Failover happens only until the first part arrives from a provider;
 * after a part reached the caller, a failure ends the stream with a typed error. The last chunk (`finish`)
 * carries usage, cost and the explanation.
 */
export async function* streamRequest(
  core: RouterCore,
  request: PreparedRequest,
): AsyncGenerator<RouteStreamChunk, void, undefined> {
  let win: AttemptWin<OpenedStream> | undefined;
  const accumulator = new StreamAccumulator();
  let settled = false;
  let onAbort: (() => void) | undefined;
  try {
    win = await runAttempts<OpenedStream>(core, request, async (candidate) => {
      const stream = await candidate.adapter.stream({
        ...callFields(core, request, candidate),
        intent: request.intent,
      });
      const iterator = stream.parts[Symbol.asyncIterator]();
      try {
        // Empty deltas (a role-only first chunk, keep-alives) reach nobody, so failover stays possible past them.
        let first = await iterator.next();
        while (!first.done && first.value.type === 'text-delta' && first.value.text === '')
          first = await iterator.next();
        return { stream, iterator, first };
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    });
    const opened = win;
    // If the deadline passes (or the caller aborts) while the consumer is not reading, book the stream now:
    // a suspended generator would otherwise hold its reservations and in-flight slot forever.
    onAbort = () => {
      if (settled) return;
      settled = true;
      opened.value.iterator.return?.().catch(() => undefined);
      settleStreamFailure(core, request, opened, accumulator, request.signal.reason).catch(() => undefined);
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    let result = win.value.first;
    while (!result.done) {
      accumulator.add(result.value);
      const chunk = toChunk(result.value);
      if (chunk && !(chunk.type === 'text-delta' && chunk.text === '')) yield chunk;
      try {
        result = await untilAborted(win.value.iterator.next(), request);
      } catch (thrown) {
        if (settled) throw abortError(request);
        settled = true;
        throw await settleStreamFailure(core, request, win, accumulator, thrown);
      }
    }
    if (settled) throw abortError(request);
    settled = true;
    const { cost, latencyMs, usage } = await settleSuccess(
      core,
      request,
      win,
      accumulator.usageOr(request.estimate.inputTokens),
      win.value.stream.rateLimits,
    );
    const message = accumulator.message();
    completeWithSuccess(
      core,
      request,
      win.candidate,
      accumulator.model ?? win.candidate.model,
      latencyMs,
      cost.amount,
    );
    const finish: RouteStreamChunk = {
      type: 'finish',
      content: message.content,
      message,
      finishReason: accumulator.finishReason,
      usage,
      cost,
      keyUsed: win.candidate.keyId,
      providerId: win.candidate.providerId,
      model: accumulator.model ?? win.candidate.model,
      latencyMs,
      attempts: request.attempts.length,
      explanation: win.explanation,
      requestId: request.requestId,
    };
    if (win.value.stream.providerRequestId !== undefined)
      finish.providerRequestId = win.value.stream.providerRequestId;
    yield finish;
  } catch (thrown) {
    throw completeWithError(core, request, thrown);
  } finally {
    if (onAbort) request.signal.removeEventListener('abort', onAbort);
    try {
      if (win && !settled) {
        // The caller stopped reading early: cancel the provider stream and book what was produced.
        settled = true;
        await win.value.iterator.return?.().catch(() => undefined);
        await settleSuccess(
          core,
          request,
          win,
          accumulator.usageOr(request.estimate.inputTokens),
          win.value.stream.rateLimits,
        );
        completeWithError(core, request, new RouterError('aborted', 'The caller stopped reading the stream'));
      }
    } finally {
      request.dispose();
    }
  }
}

async function settleStreamFailure(
  core: RouterCore,
  request: PreparedRequest,
  win: AttemptWin<OpenedStream>,
  accumulator: StreamAccumulator,
  thrown: unknown,
): Promise<RouterError> {
  const record = win.candidate.record;
  const aborted = request.signal.aborted;
  const error = aborted ? abortError(request) : normaliseAttemptError(core, record, thrown);
  const now = core.clock.now();
  releaseInFlight(record);
  // Our own deadline or the caller's abort says nothing about the key's health.
  if (!aborted) record.recordOutcome(false, now - win.callStartedAt, now);
  // Tokens already generated are billed by the provider: commit them, not the reservation.
  const usage = saneUsage(accumulator.usageOr(request.estimate.inputTokens));
  await core.quota.commit(win.quotaReservation, usage, win.value.stream.rateLimits);
  const cost = core.costs.costOf(win.candidate.model, record.id, usage);
  if (cost) await core.costs.commit(win.budgetReservation, cost);
  else await core.costs.release(win.budgetReservation);
  if (!aborted) applyFailureToKey(core, record, error);
  const attempt = {
    attempt: request.attempts.length + 1,
    keyId: record.id,
    providerId: record.providerId,
    model: win.candidate.model,
    outcome: 'error' as const,
    category: error.category,
    message: error.message,
    latencyMs: now - win.callStartedAt,
    waitedMs: win.waitedMs,
  };
  request.attempts.push(attempt);
  core.emitter.emit('attempt', { requestId: request.requestId, attempt });
  error.explanation = win.explanation;
  return error;
}
