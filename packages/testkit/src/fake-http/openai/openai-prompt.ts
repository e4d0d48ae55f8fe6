import { countFakeTokens } from '../../simulation/fake-reply.js';

/**
 * Tokens the fake charges per image part (OpenAI's low-detail cost).
 *
 * @example
 * promptTokens += images * IMAGE_TOKENS;
 */
export const IMAGE_TOKENS = 85;

interface WireMessage {
  role?: unknown;
  content?: unknown;
}

interface WireTool {
  function?: { name?: unknown };
}

/** What the fake reads out of a chat-completions body. */
export interface ChatPrompt {
  /** Requested model. */
  model: string;
  /** Text the reply echoes: the last message's text (user text, or a tool result). */
  lastText: string;
  /** Role of the last message. */
  lastRole: string;
  /** Image parts in the last message. */
  images: number;
  /** Prompt tokens: all message text, images and tool definitions. */
  promptTokens: number;
  /** `max_completion_tokens` or `max_tokens`. */
  maxTokens: number | undefined;
  /** Tool names offered. */
  tools: string[];
  /** `tool_choice` as sent. */
  toolChoice: unknown;
  /** `response_format.type`, when sent. */
  responseFormat: string | undefined;
  /** `stream: true`. */
  stream: boolean;
  /** `stream_options.include_usage: true`. */
  includeUsage: boolean;
  /** The first message's text, for the prompt-cache simulation. */
  prefix: string;
}

function textOf(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  const texts: string[] = [];
  let images = 0;
  for (const part of content as Array<{ type?: unknown; text?: unknown }>) {
    if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part?.type === 'image_url') images++;
  }
  return { text: texts.join(' '), images };
}

/**
 * Validates and reads a chat-completions body the way the fake needs it; returns an error message for
 * bodies OpenAI would reject with 400.
 *
 * @example
 * readChatPrompt({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).lastText; // 'hi'
 */
export function readChatPrompt(body: unknown): ChatPrompt | { error: string; param: string } {
  if (typeof body !== 'object' || body === null) {
    return { error: 'We could not parse the JSON body of your request.', param: 'body' };
  }
  const record = body as Record<string, unknown>;
  if (typeof record.model !== 'string' || record.model === '') {
    return { error: 'you must provide a model parameter', param: 'model' };
  }
  const messages = record.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return {
      error: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      param: 'messages',
    };
  }
  let promptTokens = 0;
  for (const message of messages as WireMessage[]) {
    const { text, images } = textOf(message?.content);
    promptTokens += countFakeTokens(text) + images * IMAGE_TOKENS;
  }
  const tools = Array.isArray(record.tools) ? (record.tools as WireTool[]) : [];
  if (tools.length > 0) promptTokens += countFakeTokens(JSON.stringify(tools));
  const last = messages[messages.length - 1] as WireMessage;
  const { text: lastText, images } = textOf(last?.content);
  const maxTokens = record.max_completion_tokens ?? record.max_tokens;
  const format = record.response_format as { type?: unknown } | undefined;
  const options = record.stream_options as { include_usage?: unknown } | undefined;
  return {
    model: record.model,
    lastText,
    lastRole: typeof last?.role === 'string' ? last.role : 'user',
    images,
    promptTokens,
    maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined,
    tools: tools
      .map((tool) => tool.function?.name)
      .filter((name): name is string => typeof name === 'string'),
    toolChoice: record.tool_choice,
    responseFormat: typeof format?.type === 'string' ? format.type : undefined,
    stream: record.stream === true,
    includeUsage: options?.include_usage === true,
    prefix: textOf((messages[0] as WireMessage)?.content).text,
  };
}
