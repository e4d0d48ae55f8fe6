import { onCheckPhase } from './check-phase.js';

/** Where a {@link LineBuffer} sends its batches (a `process.stdout`-like stream). */
export interface LineSink {
  write(text: string): unknown;
}

/** Flush once this many characters wait, so the buffer stays bounded under any load. */
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Batches log lines and writes them once per turn of the event loop (or at 64 Ki characters), instead of
 * one write per line: stdout on a pipe or file is a synchronous system call per write on Linux, which was
 * the largest single cost of the access log under load. `flush()` writes what waits (call it before exit).
 *
 * @example
 * const out = new LineBuffer(process.stdout);
 * out.push('{"status":200}');
 * process.once('exit', () => out.flush());
 */
export class LineBuffer {
  readonly #sink: LineSink;
  #pending = '';
  #scheduled = false;
  readonly #flushLater = (): void => this.flush();

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  /** Queues one line (a newline is added). */
  push(line: string): void {
    this.#pending += `${line}\n`;
    if (this.#pending.length >= MAX_PENDING_CHARS) this.flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      onCheckPhase(this.#flushLater);
    }
  }

  /** Writes every queued line now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.#sink.write(text);
  }
}

let stdoutLines: LineBuffer | undefined;

/**
 * The process-wide buffered writer of JSON lines on stdout, flushed on process exit (one exit listener
 * however many gateways a process builds).
 *
 * @example
 * stdoutLineBuffer().push(JSON.stringify(line));
 */
export function stdoutLineBuffer(): LineBuffer {
  if (!stdoutLines) {
    const lines = new LineBuffer(process.stdout);
    process.once('exit', () => lines.flush());
    stdoutLines = lines;
  }
  return stdoutLines;
}
