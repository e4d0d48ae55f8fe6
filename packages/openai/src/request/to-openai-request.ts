import type { RequestIntent, ResponseFormat, ToolChoice } from '@apikeyrouter/provider';
import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAIToolChoice } from '../wire/openai-wire-types.js';
import type { OpenAICompat } from './openai-compat.js';
import { toOpenAIMessage } from './to-openai-messages.js';

const REASONING_MODEL = /^(o\d|gpt-5)/;

function maxTokensField(compat: OpenAICompat, model: string): 'max_tokens' | 'max_completion_tokens' {
  const field = compat.maxTokensField ?? 'max_completion_tokens';
  if (field !== 'auto') return field;
  return REASONING_MODEL.test(model) ? 'max_completion_tokens' : 'max_tokens';
}

function toToolChoice(choice: ToolChoice): OpenAIToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function toResponseFormat(format: ResponseFormat): OpenAIResponseFormat {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json') return { type: 'json_object' };
  const schema = { name: format.name, schema: format.schema };
  return {
    type: 'json_schema',
    json_schema: format.strict === undefined ? schema : { ...schema, strict: format.strict },
  };
}

/**
 * Builds the `POST /chat/completions` body for an intent. Pure, so it can be benchmarked and tested without
 * HTTP. `stream` is taken from `options.stream`, not from the intent: the adapter method decides.
 *
 * @example
 * const body = toOpenAIRequest({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, 'gpt-4o-mini');
 * JSON.stringify(body); // '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
 */
export function toOpenAIRequest(
  intent: RequestIntent,
  model: string,
  options: { stream?: boolean; compat?: OpenAICompat } = {},
): OpenAIChatRequest {
  const compat = options.compat ?? {};
  const body: OpenAIChatRequest = { model, messages: intent.messages.map(toOpenAIMessage) };
  const dropTools = intent.toolChoice === 'none' && compat.toolChoice === false;
  if (intent.tools && intent.tools.length > 0 && !dropTools) {
    body.tools = intent.tools.map((tool) => ({
      type: 'function',
      function:
        tool.description === undefined
          ? { name: tool.name, parameters: tool.parameters }
          : { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    if (intent.toolChoice !== undefined && compat.toolChoice !== false) {
      body.tool_choice = toToolChoice(intent.toolChoice);
    }
  }
  if (intent.responseFormat && intent.responseFormat.type !== 'text') {
    body.response_format = toResponseFormat(intent.responseFormat);
  }
  const p = intent.parameters;
  if (p) {
    if (p.temperature !== undefined) body.temperature = p.temperature;
    if (p.topP !== undefined) body.top_p = p.topP;
    if (p.maxTokens !== undefined) body[maxTokensField(compat, model)] = p.maxTokens;
    if (p.stop !== undefined && p.stop.length > 0) body.stop = p.stop;
    if (p.seed !== undefined) body.seed = p.seed;
    if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
    if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
    if (p.user !== undefined) body.user = p.user;
  }
  if (options.stream) {
    body.stream = true;
    if (compat.streamUsage !== false) body.stream_options = { include_usage: true };
  }
  return body;
}
