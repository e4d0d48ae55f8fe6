import type { ContentPart, GenerationParameters, Message, RequestIntent } from '@apikeyrouter/core';
import type { ChatWireRequest } from './chat-wire-schema.js';

type WireMessage = ChatWireRequest['messages'][number];
type TextContent = string | ReadonlyArray<{ text: string }>;

function joinText(content: TextContent): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function toMessage(message: WireMessage): Message {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: joinText(message.content) };
    case 'user': {
      const content: string | ContentPart[] =
        typeof message.content === 'string'
          ? message.content
          : message.content.map(
              (part): ContentPart =>
                part.type === 'text'
                  ? { type: 'text', text: part.text }
                  : {
                      type: 'image',
                      url: part.image_url.url,
                      ...(part.image_url.detail ? { detail: part.image_url.detail } : {}),
                    },
            );
      return { role: 'user', content, ...(message.name ? { name: message.name } : {}) };
    }
    case 'assistant': {
      const toolCalls = message.tool_calls?.map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      }));
      return {
        role: 'assistant',
        content: message.content == null ? null : joinText(message.content),
        ...(toolCalls && toolCalls.length > 0 ? { toolCalls } : {}),
      };
    }
    case 'tool':
      return { role: 'tool', toolCallId: message.tool_call_id, content: joinText(message.content) };
  }
}

function parametersOf(body: ChatWireRequest): GenerationParameters | undefined {
  const p: GenerationParameters = {};
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) p.maxTokens = maxTokens;
  if (body.temperature != null) p.temperature = body.temperature;
  if (body.top_p != null) p.topP = body.top_p;
  if (body.stop != null) p.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.seed != null) p.seed = body.seed;
  if (body.presence_penalty != null) p.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) p.frequencyPenalty = body.frequency_penalty;
  if (body.user !== undefined) p.user = body.user;
  return Object.keys(p).length > 0 ? p : undefined;
}

/**
 * The provider-neutral intent of an OpenAI chat completion request. The core validates the result again, so
 * ranges (temperature 0..2 …) are reported by it.
 *
 * @example
 * const intent = chatToIntent(parseWire(chatWireSchema, json));
 */
export function chatToIntent(body: ChatWireRequest): RequestIntent {
  const intent: RequestIntent = { model: body.model, messages: body.messages.map(toMessage) };
  const parameters = parametersOf(body);
  if (parameters) intent.parameters = parameters;
  if (body.tools && body.tools.length > 0) {
    intent.tools = body.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description !== undefined ? { description: tool.function.description } : {}),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (body.tool_choice !== undefined) {
    intent.toolChoice =
      typeof body.tool_choice === 'string' ? body.tool_choice : { name: body.tool_choice.function.name };
  }
  const format = body.response_format;
  if (format?.type === 'json_object') intent.responseFormat = { type: 'json' };
  if (format?.type === 'json_schema') {
    intent.responseFormat = {
      type: 'json_schema',
      name: format.json_schema.name,
      schema: format.json_schema.schema ?? {},
      ...(format.json_schema.strict != null ? { strict: format.json_schema.strict } : {}),
    };
  }
  if (body.stream) intent.stream = true;
  if (body.fallback_models) intent.fallbackModels = body.fallback_models;
  if (body.prompt_cache_key) intent.affinityKey = body.prompt_cache_key;
  if (body.priority) intent.priority = body.priority;
  return intent;
}
