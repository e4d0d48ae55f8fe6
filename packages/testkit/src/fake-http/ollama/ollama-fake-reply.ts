import { countFakeTokens, fakeReply } from '../../simulation/fake-reply.js';

/** An `/api/chat` request as the fake reads it (loosely typed: it is untrusted input). */
export interface FakeChatRequest {
  model: string;
  messages: Array<{ role?: unknown; content?: unknown; images?: unknown }>;
  tools?: Array<{ function?: { name?: unknown } }>;
  format?: unknown;
  options?: { num_predict?: unknown };
  stream: boolean;
}

/** The answer the fake model gives, with its token counts. */
export interface FakeChatReply {
  /** Answer text ('' when the model calls a tool). */
  text: string;
  /** Tool calls, in Ollama's shape (arguments as an object). */
  toolCalls: Array<{ function: { name: string; arguments: Record<string, unknown> } }>;
  /** `stop` or `length`. */
  doneReason: 'stop' | 'length';
  /** Prompt tokens. */
  promptTokens: number;
  /** Generated tokens. */
  outputTokens: number;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The deterministic answer of the simulated Ollama: when tools are offered and the last user message names
 * one, it calls that tool with `{ "query": <user text> }`; after a tool result it echoes the result; otherwise
 * it echoes the last user text (noting attached images). With `format` set the answer is `{"echo": …}` JSON.
 *
 * @example
 * fakeChatReply({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false }).text; // 'echo: hi'
 */
export function fakeChatReply(request: FakeChatRequest): FakeChatReply {
  const messages = request.messages;
  const promptTokens = countFakeTokens(messages.map((m) => text(m.content)).join('\n'));
  const last = messages[messages.length - 1] ?? {};
  const lastText = text(last.content);
  const toolNames = (request.tools ?? []).map((tool) => text(tool.function?.name)).filter((n) => n !== '');
  const called = last.role === 'user' ? toolNames.find((name) => lastText.includes(name)) : undefined;
  if (called !== undefined) {
    const args = { query: lastText };
    return {
      text: '',
      toolCalls: [{ function: { name: called, arguments: args } }],
      doneReason: 'stop',
      promptTokens,
      outputTokens: countFakeTokens(JSON.stringify(args)),
    };
  }
  const images = Array.isArray(last.images) ? last.images.length : 0;
  const source = images > 0 ? `${lastText} [images: ${images}]` : lastText;
  const maxTokens = request.options?.num_predict;
  const reply = fakeReply(source, typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined);
  if (request.format !== undefined && request.format !== '') {
    const json = JSON.stringify({ echo: reply.text });
    return {
      text: json,
      toolCalls: [],
      doneReason: 'stop',
      promptTokens,
      outputTokens: countFakeTokens(json),
    };
  }
  return {
    text: reply.text,
    toolCalls: [],
    doneReason: reply.finish,
    promptTokens,
    outputTokens: reply.outputTokens,
  };
}
