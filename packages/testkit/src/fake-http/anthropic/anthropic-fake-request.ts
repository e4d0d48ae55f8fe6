/** A content block of a request, as the fake understands it. */
export type FakeBlock =
  | { type: 'text'; text: string; cached: boolean }
  | { type: 'image' }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; text: string };

/** One turn of a request. */
export interface FakeTurn {
  /** Speaker. @example 'user' */
  role: 'user' | 'assistant';
  /** Content as blocks (string content becomes one text block). @example [{ type: 'text', text: 'hi', cached: false }] */
  blocks: FakeBlock[];
}

/** A tool of a request. */
export interface FakeTool {
  /** Name. @example 'get_weather' */
  name: string;
  /** Input schema. @example { type: 'object' } */
  schema: Record<string, unknown>;
  /** Carries `cache_control`. @example false */
  cached: boolean;
  /** The tool as sent, for token counting. @example { name: 'get_weather', input_schema: {} } */
  raw: unknown;
}

/** A validated `POST /v1/messages` body. */
export interface FakeMessagesRequest {
  /** Model id. @example 'claude-sonnet-5-5' */
  model: string;
  /** Output cap. @example 1024 */
  maxTokens: number;
  /** SSE answer wanted. @example false */
  stream: boolean;
  /** System prompt blocks. @example [{ text: 'Be brief.', cached: false }] */
  system: Array<{ text: string; cached: boolean }>;
  /** The turns. @example [] */
  turns: FakeTurn[];
  /** Tools. @example [] */
  tools: FakeTool[];
  /** Tool policy. @example { type: 'auto' } */
  toolChoice: { type: string; name?: string };
  /** Stop sequences. @example [] */
  stopSequences: string[];
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** A validation failure, worded like Anthropic's `invalid_request_error` messages. */
class Invalid extends Error {}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBlock(value: unknown, path: string): FakeBlock {
  if (!isRecord(value)) throw new Invalid(`${path}: Input should be a valid dictionary`);
  const cached = isRecord(value.cache_control);
  switch (value.type) {
    case 'text':
      if (typeof value.text !== 'string' || value.text === '') {
        throw new Invalid(`${path}.text: text content blocks must be non-empty`);
      }
      return { type: 'text', text: value.text, cached };
    case 'image': {
      const source = isRecord(value.source) ? value.source : {};
      if (source.type === 'base64' && !IMAGE_TYPES.has(String(source.media_type))) {
        throw new Invalid(
          `${path}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
        );
      }
      if (source.type !== 'base64' && source.type !== 'url')
        throw new Invalid(`${path}.source: Field required`);
      return { type: 'image' };
    }
    case 'tool_use':
      if (!isRecord(value.input))
        throw new Invalid(`${path}.tool_use.input: Input should be a valid dictionary`);
      return {
        type: 'tool_use',
        id: String(value.id ?? ''),
        name: String(value.name ?? ''),
        input: value.input,
      };
    case 'tool_result': {
      const content = value.content;
      const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
      return { type: 'tool_result', toolUseId: String(value.tool_use_id ?? ''), text };
    }
    default:
      throw new Invalid(
        `${path}.type: Input tag '${String(value.type)}' found using 'type' does not match any of the expected tags`,
      );
  }
}

function readTurn(value: unknown, index: number): FakeTurn {
  const path = `messages.${index}`;
  if (!isRecord(value)) throw new Invalid(`${path}: Input should be a valid dictionary`);
  if (value.role !== 'user' && value.role !== 'assistant') {
    throw new Invalid(`${path}.role: Input should be 'user' or 'assistant'`);
  }
  const content = value.content;
  if (typeof content === 'string')
    return { role: value.role, blocks: [{ type: 'text', text: content, cached: false }] };
  if (!Array.isArray(content)) throw new Invalid(`${path}.content: Field required`);
  return { role: value.role, blocks: content.map((block, i) => readBlock(block, `${path}.content.${i}`)) };
}

function readSystem(value: unknown): Array<{ text: string; cached: boolean }> {
  if (value === undefined) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ text: value, cached: false }];
  if (!Array.isArray(value)) throw new Invalid('system: Input should be a valid string');
  return value.map((block, i) => {
    const read = readBlock(block, `system.${i}`);
    if (read.type !== 'text') throw new Invalid(`system.${i}.type: Input should be 'text'`);
    return { text: read.text, cached: read.cached };
  });
}

function readTools(value: unknown): FakeTool[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Invalid('tools: Input should be a valid list');
  return value.map((tool, i) => {
    if (!isRecord(tool) || typeof tool.name !== 'string')
      throw new Invalid(`tools.${i}.name: Field required`);
    if (!isRecord(tool.input_schema) || tool.input_schema.type !== 'object') {
      throw new Invalid(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
    }
    return { name: tool.name, schema: tool.input_schema, cached: isRecord(tool.cache_control), raw: tool };
  });
}

function readBody(body: Json): FakeMessagesRequest {
  if (typeof body.model !== 'string' || body.model === '') throw new Invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    throw new Invalid('max_tokens: Field required');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    throw new Invalid('messages: Field required');
  if (body.temperature !== undefined && !(typeof body.temperature === 'number' && body.temperature <= 1)) {
    throw new Invalid('temperature: Input should be less than or equal to 1');
  }
  const tools = readTools(body.tools);
  const choice = isRecord(body.tool_choice) ? body.tool_choice : { type: 'auto' };
  if (choice.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) {
    throw new Invalid(`tool_choice: tool '${String(choice.name)}' not found in tools`);
  }
  const stop = Array.isArray(body.stop_sequences) ? body.stop_sequences.map(String) : [];
  return {
    model: body.model,
    maxTokens: body.max_tokens as number,
    stream: body.stream === true,
    system: readSystem(body.system),
    turns: body.messages.map(readTurn),
    tools,
    toolChoice: {
      type: String(choice.type),
      ...(typeof choice.name === 'string' ? { name: choice.name } : {}),
    },
    stopSequences: stop,
  };
}

/**
 * Validates a Messages API body like Anthropic does (required fields, roles, block kinds, image types,
 * temperature range, tool choice) and returns it, or the `invalid_request_error` message.
 *
 * @example
 * readMessagesRequest({ model: 'm', messages: [] }); // { error: 'max_tokens: Field required' }
 */
export function readMessagesRequest(body: unknown): FakeMessagesRequest | { error: string } {
  if (!isRecord(body)) return { error: 'There was an error parsing the body of your request' };
  try {
    return readBody(body);
  } catch (error) {
    if (error instanceof Invalid) return { error: error.message };
    throw error;
  }
}
