import { type AdapterResponse, RouterError, type ToolCall } from '@apikeyrouter/provider';
import type { AnthropicMessage, AnthropicResponseBlock } from '../wire/anthropic-response-types.js';
import { toFinishReason } from './anthropic-finish-reason.js';
import { toUsage } from './anthropic-usage.js';

/**
 * Options of {@link fromAnthropicResponse}.
 *
 * @example
 * ```ts
 * const options: AnthropicResponseOptions = { responseToolName: responseToolName(intent), providerId: 'anthropic' };
 * const res = fromAnthropicResponse(await response.json(), options);
 * res.message.content; // the JSON answer's text when the intent asked for JSON
 * ```
 */
export interface AnthropicResponseOptions {
  /** Name of the JSON answer tool (see `responseToolName`); its call becomes the message content. @example 'json_response' */
  responseToolName?: string;
  /** Provider id for errors. Default `anthropic`. @example 'anthropic' */
  providerId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inputText(input: unknown): string {
  return JSON.stringify(input === undefined ? {} : input);
}

/**
 * Normalises a parsed Messages API body into an {@link AdapterResponse} (without `rateLimits` and
 * `providerRequestId`, which come from headers). Text blocks are joined; `tool_use` blocks become tool calls
 * with JSON-text arguments; thinking and unknown blocks are left in `raw`. With a JSON answer tool, its input
 * becomes the content and other text is dropped. Throws a `provider` RouterError when the body is not a message.
 *
 * @example
 * const res = fromAnthropicResponse(JSON.parse(text));
 * res.message.content; // 'Hello!'
 */
export function fromAnthropicResponse(
  body: unknown,
  options: AnthropicResponseOptions = {},
): AdapterResponse {
  if (!isRecord(body) || !Array.isArray(body.content)) {
    throw new RouterError('provider', 'Anthropic returned a body that is not a message', {
      providerId: options.providerId ?? 'anthropic',
      code: 'malformed_response',
    });
  }
  const message = body as AnthropicMessage;
  let text = '';
  let json: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content as AnthropicResponseBlock[]) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use') {
      const name = typeof block.name === 'string' ? block.name : '';
      if (options.responseToolName !== undefined && name === options.responseToolName) {
        json = inputText(block.input);
      } else {
        toolCalls.push({ id: String(block.id ?? ''), name, arguments: inputText(block.input) });
      }
    }
  }
  const jsonMode = options.responseToolName !== undefined;
  const content = jsonMode ? (json ?? '') : text;
  return {
    message:
      toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content },
    finishReason: toFinishReason(message.stop_reason, {
      userToolCalls: toolCalls.length,
      answeredWithJson: json !== undefined,
    }),
    usage: toUsage(message.usage),
    model: typeof message.model === 'string' ? message.model : '',
    raw: body,
  };
}
