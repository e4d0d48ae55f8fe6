import { countFakeTokens, fakeReply } from '../../simulation/fake-reply.js';
import type { AnthropicFakeIds } from './anthropic-fake-ids.js';
import type { FakeMessagesRequest, FakeTool } from './anthropic-fake-request.js';
import type { CacheUsage } from './anthropic-prompt-cache.js';
import { sampleFromSchema } from './schema-sample.js';

/** A response content block the fake produces. */
export type FakeReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** The Messages API answer the fake sends (also the source of its stream events). */
export interface FakeReplyMessage {
  /** Message id. @example 'msg_fake000002' */
  id: string;
  /** Always `message`. @example 'message' */
  type: 'message';
  /** Always `assistant`. @example 'assistant' */
  role: 'assistant';
  /** The requested model. @example 'claude-sonnet-5-5' */
  model: string;
  /** Answer blocks. @example [{ type: 'text', text: 'echo: hi' }] */
  content: FakeReplyBlock[];
  /** Why generation stopped. @example 'end_turn' */
  stop_reason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';
  /** The stop sequence hit. @example null */
  stop_sequence: string | null;
  /** Token usage; `input_tokens` excludes cache reads and writes, as on Anthropic. @example { input_tokens: 5, output_tokens: 3 } */
  usage: {
    input_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
    output_tokens: number;
    service_tier: 'standard';
  };
}

function lastTurnText(request: FakeMessagesRequest): { text: string; answersTools: boolean } {
  const turn = request.turns[request.turns.length - 1];
  const results = turn?.blocks.flatMap((block) => (block.type === 'tool_result' ? [block.text] : [])) ?? [];
  if (results.length > 0) return { text: results.join(' '), answersTools: true };
  const texts = turn?.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])) ?? [];
  return { text: texts.join(' '), answersTools: false };
}

/** Forced choices always call; `auto` calls a tool the user named, unless the turn already answers tools. */
function chooseTool(request: FakeMessagesRequest, text: string, answersTools: boolean): FakeTool | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0 || toolChoice.type === 'none') return undefined;
  if (toolChoice.type === 'tool') return tools.find((tool) => tool.name === toolChoice.name);
  const named = tools.find((tool) => text.includes(tool.name));
  if (toolChoice.type === 'any') return named ?? tools[0];
  return answersTools ? undefined : named;
}

function applyStops(text: string, stops: readonly string[]): { text: string; stop: string | null } {
  let cut = -1;
  let stop: string | null = null;
  for (const sequence of stops) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      stop = sequence;
    }
  }
  return cut < 0 ? { text, stop: null } : { text: text.slice(0, cut), stop };
}

/**
 * The fake's deterministic answer: an echo of the last user text (capped at `max_tokens`, cut at stop
 * sequences), or a tool call when the tool choice forces one or an `auto` request names a tool in its text
 * (then preceded by the echo, as Claude often explains before calling). Tool results are echoed back.
 *
 * @example
 * buildFakeReply(request, ids, 42, { creation: 0, read: 0 }).content; // [{ type: 'text', text: 'echo: hi' }]
 */
export function buildFakeReply(
  request: FakeMessagesRequest,
  ids: AnthropicFakeIds,
  inputTokens: number,
  cache: CacheUsage,
): FakeReplyMessage {
  const { text, answersTools } = lastTurnText(request);
  const tool = chooseTool(request, text, answersTools);
  const content: FakeReplyBlock[] = [];
  let stopReason: FakeReplyMessage['stop_reason'];
  let stopSequence: string | null = null;
  let outputTokens = 0;
  const forced = request.toolChoice.type === 'any' || request.toolChoice.type === 'tool';
  if (tool) {
    if (!forced) {
      const preface = `echo: ${text}`;
      content.push({ type: 'text', text: preface });
      outputTokens += countFakeTokens(preface);
    }
    const input = sampleFromSchema(tool.schema) ?? {};
    content.push({ type: 'tool_use', id: ids.next('toolu'), name: tool.name, input });
    outputTokens += countFakeTokens(JSON.stringify(input));
    stopReason = 'tool_use';
  } else {
    const reply = fakeReply(text, request.maxTokens);
    const stopped = applyStops(reply.text, request.stopSequences);
    if (stopped.text !== '') content.push({ type: 'text', text: stopped.text });
    outputTokens = stopped.stop === null ? reply.outputTokens : countFakeTokens(stopped.text);
    stopSequence = stopped.stop;
    stopReason =
      stopped.stop !== null ? 'stop_sequence' : reply.finish === 'length' ? 'max_tokens' : 'end_turn';
  }
  return {
    id: ids.next('msg'),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage: {
      input_tokens: inputTokens - cache.creation - cache.read,
      cache_creation_input_tokens: cache.creation,
      cache_read_input_tokens: cache.read,
      output_tokens: outputTokens,
      service_tier: 'standard',
    },
  };
}

/**
 * The same answer stopped by the safety classifier: `stop_reason: "refusal"` after the first few characters.
 *
 * @example
 * refuseReply(message).stop_reason; // 'refusal'
 */
export function refuseReply(message: FakeReplyMessage): FakeReplyMessage {
  const first = message.content.find((block) => block.type === 'text');
  const partial = first?.type === 'text' ? first.text.slice(0, 8) : '';
  return {
    ...message,
    content: partial === '' ? [] : [{ type: 'text', text: partial }],
    stop_reason: 'refusal',
    stop_sequence: null,
    usage: { ...message.usage, output_tokens: partial === '' ? 0 : countFakeTokens(partial) },
  };
}
