import type { AdapterResponse, AdapterStreamPart } from '@apikeyrouter/provider';

/**
 * The stream parts equivalent to a complete answer, for servers that answer a streamed request with plain
 * JSON (some compatible servers ignore `stream: true`).
 *
 * @example
 * partsFromResponse(fromOpenAIResponse(body)); // [{ type: 'text-delta', … }, { type: 'finish', … }]
 */
export function partsFromResponse(response: AdapterResponse): AdapterStreamPart[] {
  const parts: AdapterStreamPart[] = [];
  if (response.message.content !== '') parts.push({ type: 'text-delta', text: response.message.content });
  response.message.toolCalls?.forEach((call, index) => {
    parts.push({
      type: 'tool-call-delta',
      index,
      id: call.id,
      name: call.name,
      argumentsDelta: call.arguments,
    });
  });
  parts.push({
    type: 'finish',
    finishReason: response.finishReason,
    usage: response.usage,
    model: response.model,
  });
  return parts;
}
