import type { AdapterStream, AdapterStreamPart } from '../adapter/provider-adapter.js';
import { RouterError } from '../errors/router-error.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import { untilEnded } from '../request/request-lifetime.js';
import type { RouterCore } from '../router/router-core.js';
import { chatCall } from './adapter-call.js';
import { normaliseAttemptError } from './attempt-error.js';
import { bookAttempt } from './book-attempt.js';
import { completeFailed, completeServed } from './complete-request.js';
import type { RouteStreamChunk } from './route-response.js';
import { type AttemptWin, runAttempts } from './run-attempts.js';
import { StreamAccumulator, toChunk } from './stream-accumulator.js';

interface OpenedStream {
  stream: AdapterStream;
  iterator: AsyncIterator<AdapterStreamPart>;
  first: IteratorResult<AdapterStreamPart>;
}

/** Opens the provider stream and reads up to the first part with content, so failover stays possible. */
async function openStream(
  core: RouterCore,
  request: PreparedRequest<RequestIntent>,
  candidate: Parameters<typeof chatCall>[2],
): Promise<OpenedStream> {
  const stream = await candidate.adapter.stream(chatCall(core, request, candidate));
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
}

/** Books a stream that broke (or was aborted) after it opened: tokens already generated are billed. */
async function bookBrokenStream(
  core: RouterCore,
  request: PreparedRequest,
  win: AttemptWin<OpenedStream>,
  accumulator: StreamAccumulator,
  thrown: unknown,
): Promise<RouterError> {
  const aborted = request.lifetime.ended;
  const error = aborted
    ? request.lifetime.endedError()
    : normaliseAttemptError(core, win.live.candidate.record, thrown);
  await bookAttempt(core, request, win.live, {
    ok: false,
    error,
    aborted,
    usage: accumulator.usageOr(request.estimate.inputTokens),
    ...(win.value.stream.rateLimits ? { rateLimits: win.value.stream.rateLimits } : {}),
  });
  error.explanation = win.live.explanation;
  return error;
}

/**
 * Serves a prepared streamed request. Failover happens only until the first part arrives from a provider;
 * after a part reached the caller, a failure ends the stream with a typed error. The last chunk (`finish`)
 * carries usage, cost and the explanation.
 *
 * @example
 * for await (const chunk of streamRequest(core, request)) send(chunk);
 */
export async function* streamRequest(
  core: RouterCore,
  request: PreparedRequest<RequestIntent>,
): AsyncGenerator<RouteStreamChunk, void, undefined> {
  const lifetime = request.lifetime;
  let win: AttemptWin<OpenedStream> | undefined;
  const accumulator = new StreamAccumulator();
  let settled = false;
  let stopListening: (() => void) | undefined;
  try {
    win = await runAttempts<OpenedStream>(core, request, (candidate) => openStream(core, request, candidate));
    const opened = win;
    // If the deadline passes (or the caller aborts) while the consumer is not reading, book the stream now:
    // a suspended generator would otherwise hold its reservations and in-flight slot forever.
    stopListening = lifetime.onEnd((reason) => {
      if (settled) return;
      settled = true;
      opened.value.iterator.return?.().catch(() => undefined);
      bookBrokenStream(core, request, opened, accumulator, reason).catch(() => undefined);
    });
    let result = win.value.first;
    while (!result.done) {
      accumulator.add(result.value);
      const chunk = toChunk(result.value);
      if (chunk && !(chunk.type === 'text-delta' && chunk.text === '')) yield chunk;
      try {
        result = await untilEnded(win.value.iterator.next(), request.lifetime);
      } catch (thrown) {
        if (settled) throw lifetime.endedError();
        settled = true;
        throw await bookBrokenStream(core, request, win, accumulator, thrown);
      }
    }
    if (settled) throw lifetime.endedError();
    settled = true;
    const booked = await bookAttempt(core, request, win.live, {
      ok: true,
      usage: accumulator.usageOr(request.estimate.inputTokens),
      rateLimits: win.value.stream.rateLimits,
    });
    const message = accumulator.message();
    const finish: RouteStreamChunk = {
      type: 'finish',
      ...completeServed(core, request, win.live, booked, accumulator.model),
      content: message.content,
      message,
      finishReason: accumulator.finishReason,
      usage: booked.usage,
    };
    if (win.value.stream.providerRequestId !== undefined)
      finish.providerRequestId = win.value.stream.providerRequestId;
    yield finish;
  } catch (thrown) {
    throw completeFailed(core, request, thrown);
  } finally {
    stopListening?.();
    try {
      if (win && !settled) {
        // The caller stopped reading early: cancel the provider stream and book what was produced.
        settled = true;
        await win.value.iterator.return?.().catch(() => undefined);
        await bookAttempt(core, request, win.live, {
          ok: true,
          usage: accumulator.usageOr(request.estimate.inputTokens),
          rateLimits: win.value.stream.rateLimits,
        });
        completeFailed(core, request, new RouterError('aborted', 'The caller stopped reading the stream'));
      }
    } finally {
      request.lifetime.dispose();
    }
  }
}
