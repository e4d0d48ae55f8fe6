import { type AdapterStreamPart, RouterError, type Usage } from '@apikeyrouter/provider';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { readAnthropicError } from '../errors/anthropic-error-body.js';
import { classifyAnthropicError } from '../errors/classify-anthropic-error.js';
import { toFinishReason } from '../response/anthropic-finish-reason.js';
import { toUsage } from '../response/anthropic-usage.js';
import type { AnthropicUsage } from '../wire/anthropic-response-types.js';
import { matchFastDelta } from './fast-delta.js';

/**
 * Options of {@link AnthropicStreamDecoder}.
 *
 * @example
 * ```ts
 * const options: AnthropicStreamDecoderOptions = {
 *   providerId: 'anthropic',
 *   responseToolName: responseToolName(intent),
 *   secret: apiKey,
 *   now: () => clock.now(),
 * };
 * const decoder = new AnthropicStreamDecoder(options);
 * ```
 */
export interface AnthropicStreamDecoderOptions {
  /** Provider id for errors. Default `anthropic`. @example 'anthropic' */
  providerId?: string;
  /** JSON answer tool (see `responseToolName`): its input streams as text. @example 'json_response' */
  responseToolName?: string;
  /** Key material to scrub from error messages. @example 'sk-ant-…' */
  secret?: string;
  /** Clock reading for errors' retry instants. Default `() => 0`. @example () => clock.now() */
  now?: () => number;
}

/** What a content block index stands for. */
type BlockRole =
  | { kind: 'text' }
  | { kind: 'json'; sent: boolean; initial: string }
  | { kind: 'tool'; index: number; sent: boolean; initial: string }
  | { kind: 'other' };

/** One event's JSON, loosely typed: unknown fields never break decoding. */
type EventData = Record<string, unknown>;

// A single Anthropic event is a few KB; anything near this is a broken or hostile stream.
const MAX_BUFFER = 8 * 1024 * 1024;

/**
 * Turns Anthropic's SSE text into {@link AdapterStreamPart}s, synchronously, chunk by chunk: the same code
 * the adapter runs on the HTTP body and the bench runs in memory. Text and JSON-answer deltas become
 * `text-delta`; `tool_use` blocks become `tool-call-delta` (numbered from 0 in order); `message_stop` yields
 * `finish` with the usage of `message_start` updated by `message_delta`. `thinking`, `signature` and
 * `citations` deltas, `ping` and unknown events are skipped. An `error` event throws its classified
 * RouterError; malformed JSON throws a `provider` error; {@link end} throws when `message_stop` never came.
 *
 * @example
 * const decoder = new AnthropicStreamDecoder();
 * const parts = decoder.push('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n');
 * // [{ type: 'text-delta', text: 'Hi' }]
 */
export class AnthropicStreamDecoder {
  readonly #providerId: string;
  readonly #responseTool: string | undefined;
  readonly #secret: string | undefined;
  readonly #now: () => number;
  readonly #parser: EventSourceParser;
  readonly #blocks = new Map<number, BlockRole>();
  #out: AdapterStreamPart[] = [];
  #failure: RouterError | undefined;
  #usage: AnthropicUsage = {};
  #model: string | undefined;
  #stopReason: string | null | undefined;
  #toolCount = 0;
  #answeredWithJson = false;
  #finished = false;

  constructor(options: AnthropicStreamDecoderOptions = {}) {
    this.#providerId = options.providerId ?? 'anthropic';
    this.#responseTool = options.responseToolName;
    this.#secret = options.secret;
    this.#now = options.now ?? (() => 0);
    this.#parser = createParser({
      onEvent: (event) => this.#onEvent(event),
      onError: (error) => {
        this.#failure ??= this.#malformed(`unreadable event stream (${error.type})`);
      },
      maxBufferSize: MAX_BUFFER,
    });
  }

  /** True once `message_stop` has been decoded. @example decoder.finished; // false */
  get finished(): boolean {
    return this.#finished;
  }

  /**
   * Feeds decoded text; returns the parts it completed. After an error event or bad data it throws the
   * RouterError, once the parts decoded before the failure have been returned.
   */
  push(chunk: string): AdapterStreamPart[] {
    if (!this.#failure) this.#parser.feed(chunk);
    const parts = this.#out;
    this.#out = [];
    if (parts.length === 0) this.throwIfFailed();
    return parts;
  }

  /** Throws the stream's failure, if one was decoded. @example decoder.throwIfFailed(); */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /** Signals the end of the body; throws when the stream was cut before `message_stop`. */
  end(): void {
    if (this.#failure) throw this.#failure;
    if (!this.#finished) {
      throw new RouterError('network', `${this.#providerId} stream ended before message_stop`, {
        providerId: this.#providerId,
        code: 'stream_truncated',
        retryable: true,
      });
    }
  }

  #malformed(reason: string): RouterError {
    return new RouterError('provider', `${this.#providerId} sent a malformed stream: ${reason}`, {
      providerId: this.#providerId,
      code: 'malformed_stream',
    });
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.#failure || this.#finished) return;
    const name = event.event;
    if (name === 'ping') return;
    const fast = name === 'content_block_delta' ? matchFastDelta(event.data) : undefined;
    if (fast) {
      this.#delta(fast.index, fast.kind, fast.text);
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.#failure = this.#malformed(`event ${name ?? '(unnamed)'} is not JSON`);
      return;
    }
    if (typeof data !== 'object' || data === null) {
      this.#failure = this.#malformed(`event ${name ?? '(unnamed)'} is not an object`);
      return;
    }
    const body = data as EventData;
    // The event name and the data's `type` agree on Anthropic; the data wins for unnamed events.
    const type = typeof body.type === 'string' ? body.type : name;
    switch (type) {
      case 'message_start':
        this.#onMessageStart(body);
        break;
      case 'content_block_start':
        this.#onBlockStart(body);
        break;
      case 'content_block_delta':
        this.#onBlockDelta(body);
        break;
      case 'content_block_stop':
        this.#onBlockStop(body);
        break;
      case 'message_delta':
        this.#onMessageDelta(body);
        break;
      case 'message_stop':
        this.#onMessageStop();
        break;
      case 'error':
        this.#failure = classifyAnthropicError(readAnthropicError(body), {
          providerId: this.#providerId,
          now: this.#now(),
          secret: this.#secret,
        });
        break;
      default:
        // Unknown events are newer API additions; skipping them keeps old adapters working.
        break;
    }
  }

  #onMessageStart(body: EventData): void {
    const message = body.message as { model?: unknown; usage?: AnthropicUsage } | undefined;
    if (typeof message?.model === 'string') this.#model = message.model;
    if (message?.usage && typeof message.usage === 'object') this.#usage = { ...message.usage };
  }

  #onBlockStart(body: EventData): void {
    const index = Number(body.index);
    const block = body.content_block as {
      type?: unknown;
      name?: unknown;
      id?: unknown;
      text?: unknown;
      input?: unknown;
    };
    if (!block || typeof block !== 'object') return;
    if (block.type === 'text') {
      this.#blocks.set(index, this.#responseTool === undefined ? { kind: 'text' } : { kind: 'other' });
      if (this.#responseTool === undefined && typeof block.text === 'string' && block.text !== '') {
        this.#out.push({ type: 'text-delta', text: block.text });
      }
      return;
    }
    if (block.type !== 'tool_use') {
      this.#blocks.set(index, { kind: 'other' });
      return;
    }
    const name = typeof block.name === 'string' ? block.name : '';
    const initial = JSON.stringify(block.input ?? {});
    if (this.#responseTool !== undefined && name === this.#responseTool) {
      this.#blocks.set(index, { kind: 'json', sent: false, initial });
      this.#answeredWithJson = true;
      return;
    }
    const toolIndex = this.#toolCount++;
    this.#blocks.set(index, { kind: 'tool', index: toolIndex, sent: false, initial });
    this.#out.push({
      type: 'tool-call-delta',
      index: toolIndex,
      id: String(block.id ?? ''),
      name,
      argumentsDelta: '',
    });
  }

  #onBlockDelta(body: EventData): void {
    const delta = body.delta as { type?: unknown; text?: unknown; partial_json?: unknown } | undefined;
    if (!delta) return;
    if (delta.type === 'text_delta' && typeof delta.text === 'string') {
      this.#delta(Number(body.index), delta.type, delta.text);
    } else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      this.#delta(Number(body.index), delta.type, delta.partial_json);
    }
  }

  #delta(index: number, kind: string, text: string): void {
    const role = this.#blocks.get(index);
    if (!role) return;
    if (kind === 'text_delta') {
      if (role.kind === 'text') this.#out.push({ type: 'text-delta', text });
      return;
    }
    if (text === '') return;
    if (role.kind === 'json') {
      role.sent = true;
      this.#out.push({ type: 'text-delta', text });
    } else if (role.kind === 'tool') {
      role.sent = true;
      this.#out.push({ type: 'tool-call-delta', index: role.index, argumentsDelta: text });
    }
  }

  /** A tool block without input deltas carries its whole input in `content_block_start` (often `{}`). */
  #onBlockStop(body: EventData): void {
    const role = this.#blocks.get(Number(body.index));
    if (!role || (role.kind !== 'json' && role.kind !== 'tool') || role.sent) return;
    role.sent = true;
    if (role.kind === 'json') this.#out.push({ type: 'text-delta', text: role.initial });
    else this.#out.push({ type: 'tool-call-delta', index: role.index, argumentsDelta: role.initial });
  }

  #onMessageDelta(body: EventData): void {
    const delta = body.delta as { stop_reason?: unknown } | undefined;
    if (delta && (typeof delta.stop_reason === 'string' || delta.stop_reason === null)) {
      this.#stopReason = delta.stop_reason;
    }
    const usage = body.usage as AnthropicUsage | undefined;
    if (!usage || typeof usage !== 'object') return;
    // message_delta usage counters are cumulative totals: overwrite, never add.
    for (const [field, value] of Object.entries(usage)) {
      if (value !== null && value !== undefined) (this.#usage as Record<string, unknown>)[field] = value;
    }
  }

  #onMessageStop(): void {
    this.#finished = true;
    const usage: Usage = toUsage(this.#usage);
    const finish: AdapterStreamPart = {
      type: 'finish',
      finishReason: toFinishReason(this.#stopReason, {
        userToolCalls: this.#toolCount,
        answeredWithJson: this.#answeredWithJson,
      }),
      usage,
    };
    if (this.#model !== undefined) finish.model = this.#model;
    this.#out.push(finish);
  }
}
