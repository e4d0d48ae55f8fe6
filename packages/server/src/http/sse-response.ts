import type { HttpFailure } from './http-failure.js';
import { toHttpFailure } from './http-failure.js';
import type { StreamEvent } from './stream-events.js';

/** Writes stream events in one wire format. */
export interface StreamEncoder {
  /** Text sent before the first event (may be empty). */
  start(): string;
  /** Text of one event. */
  event(event: StreamEvent): string;
  /** Text of a failure after the stream started. */
  error(failure: HttpFailure): string;
}

/** Callbacks of {@link sseResponse}. */
export interface SseHooks {
  /** The first event went out. */
  onFirstEvent(): void;
  /** The stream ended: with its finish event, a failure, or neither (the client went away). */
  onEnd(finish: Extract<StreamEvent, { type: 'finish' }> | undefined, failure: HttpFailure | undefined): void;
  /** The client went away: stop the upstream call. */
  onCancel(): void;
}

const encoder = new TextEncoder();

/**
 * Pulls the first event (so a failure before any token is still an ordinary HTTP error, and the router can
 * fail over), then answers with an SSE body that pulls one event per read. `headers` is read after the first
 * event, when the serving key is known. Pulling only when the socket asks
 * means a slow reader slows the upstream instead of growing a buffer; cancelling (client gone) aborts upstream.
 *
 * @example
 * return sseResponse(events, new OpenAIStreamEncoder(id, created, model, true), hooks, () => headers);
 */
export async function sseResponse(
  source: AsyncIterator<StreamEvent>,
  wire: StreamEncoder,
  hooks: SseHooks,
  headers: () => Record<string, string>,
): Promise<Response> {
  const first = await source.next();
  let ended = false;
  const end = (finish: Extract<StreamEvent, { type: 'finish' }> | undefined, failure?: HttpFailure) => {
    if (ended) return;
    ended = true;
    hooks.onEnd(finish, failure);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        hooks.onFirstEvent();
        let text = wire.start();
        if (!first.done) text += wire.event(first.value);
        controller.enqueue(encoder.encode(text));
        if (first.done) {
          controller.close();
          end(undefined);
        } else if (first.value.type === 'finish') {
          controller.close();
          end(first.value);
        }
      },
      async pull(controller) {
        try {
          const next = await source.next();
          if (next.done) {
            controller.close();
            end(undefined);
            return;
          }
          controller.enqueue(encoder.encode(wire.event(next.value)));
          if (next.value.type === 'finish') {
            controller.close();
            end(next.value);
          }
        } catch (error) {
          const failure = toHttpFailure(error);
          controller.enqueue(encoder.encode(wire.error(failure)));
          controller.close();
          end(undefined, failure);
        }
      },
      async cancel() {
        hooks.onCancel();
        end(undefined);
        await source.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers(),
    },
  });
}

/**
 * The stream events of an async iterable of router chunks, mapped one by one.
 *
 * @example
 * const events = mapIterator(router.routeStream(intent)[Symbol.asyncIterator](), streamEventOf);
 */
export function mapIterator<T, U>(source: AsyncIterator<T>, map: (value: T) => U): AsyncIterator<U> {
  return {
    async next() {
      const next = await source.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: map(next.value) };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
  };
}

/**
 * An iterator over a fixed list (a cached answer's replay).
 *
 * @example
 * sseResponse(listIterator(replayEvents(answer)), wire, hooks, headers);
 */
export function listIterator<T>(items: readonly T[]): AsyncIterator<T> {
  let index = 0;
  return {
    async next() {
      return index < items.length
        ? { done: false, value: items[index++] as T }
        : { done: true, value: undefined };
    },
  };
}
