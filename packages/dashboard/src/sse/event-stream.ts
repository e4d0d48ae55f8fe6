import type { ApiKeyRouter, RouterEvents } from '@apikeyrouter/core';
import { sseMessage } from './sse-format.js';

const encoder = new TextEncoder();

/** The router events streamed to the dashboard, each reduced to what the page needs (no key material). */
const STREAMED = {
  keyStateChanged: (t) => t,
  providerHealthChanged: (t) => t,
  decision: (e) => ({
    requestId: e.requestId,
    model: e.explanation.model,
    chosenKeyId: e.explanation.chosenKeyId,
    summary: String(e.explanation),
  }),
  attempt: (e) => ({ requestId: e.requestId, ...e.attempt }),
  requestCompleted: (e) => ({ ...e, cost: e.cost?.toString() }),
  fallback: (e) => e,
  settlementFailed: (e) => e,
  quotaWarning: (e) => e,
  budgetThreshold: (e) => ({ ...e, spent: e.spent.toString(), limit: e.limit.toString() }),
} satisfies { [E in keyof RouterEvents]: (...args: RouterEvents[E]) => unknown };

interface Client {
  controller: ReadableStreamDefaultController<Uint8Array>;
}

/**
 * Streams router events to dashboard pages over server-sent events. Each client has a bounded buffer; a client
 * that does not read fast enough is dropped (its stream ends, the page reconnects and re-reads the state), so a
 * stalled browser never grows the server's memory. There is no heartbeat timer: timers belong to the router's
 * clock, and a virtual clock must not be driven by a dashboard; EventSource reconnects by itself if an idle
 * connection is cut.
 *
 * @example
 * const hub = new EventStream(router, { bufferSize: 256, maxClients: 32 });
 * return hub.open() ?? new Response('busy', { status: 503 });
 */
export class EventStream {
  readonly #router: ApiKeyRouter;
  readonly #clients = new Set<Client>();
  readonly #bufferSize: number;
  readonly #maxClients: number;
  readonly #listeners: Array<[keyof RouterEvents, (...args: never[]) => void]> = [];
  #dropped = 0;

  constructor(router: ApiKeyRouter, options: { bufferSize: number; maxClients: number }) {
    this.#router = router;
    this.#bufferSize = Math.max(1, Math.floor(options.bufferSize));
    this.#maxClients = Math.max(1, Math.floor(options.maxClients));
    for (const name of Object.keys(STREAMED) as Array<keyof RouterEvents>) {
      const reduce = STREAMED[name] as (...args: unknown[]) => unknown;
      const listener = (...args: unknown[]) => this.#broadcast(sseMessage(name, reduce(...args)));
      this.#listeners.push([name, listener]);
      router.on(name, listener as never);
    }
  }

  /** Clients connected now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Clients dropped for reading too slowly, since creation. */
  get dropped(): number {
    return this.#dropped;
  }

  /** A new client's SSE response, or undefined when `maxClients` are connected. */
  open(): Response | undefined {
    if (this.#clients.size >= this.#maxClients) return undefined;
    let client: Client | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client = { controller };
          this.#clients.add(client);
          controller.enqueue(encoder.encode(': connected\n\n'));
        },
        cancel: () => {
          if (client) this.#clients.delete(client);
        },
      },
      new CountQueuingStrategy({ highWaterMark: this.#bufferSize }),
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    });
  }

  /** Ends every client stream and stops listening to the router. */
  close(): void {
    for (const [name, listener] of this.#listeners) this.#router.off(name, listener as never);
    for (const client of this.#clients) this.#end(client);
  }

  #broadcast(message: string): void {
    if (this.#clients.size === 0) return;
    const bytes = encoder.encode(message);
    for (const client of this.#clients) {
      if ((client.controller.desiredSize ?? 0) <= 0) {
        this.#dropped++;
        this.#drop(client);
        continue;
      }
      client.controller.enqueue(bytes);
    }
  }

  #end(client: Client): void {
    this.#clients.delete(client);
    try {
      client.controller.close();
    } catch {
      // already closed or cancelled by the reader
    }
  }

  /** Errors the stream, which discards its buffered events at once (closing would keep them until read). */
  #drop(client: Client): void {
    this.#clients.delete(client);
    try {
      client.controller.error(new Error('dashboard client too slow'));
    } catch {
      // already closed or cancelled by the reader
    }
  }
}
