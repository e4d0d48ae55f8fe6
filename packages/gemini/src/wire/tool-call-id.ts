const SIGNATURE_SEPARATOR = '__thought__';

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * What identifies one function call of a response.
 *
 * @example
 * ```ts
 * const source: ToolCallIdSource = { index: 0, name: 'get_weather', argumentsJson: '{"city":"Paris"}', thoughtSignature: 'c2ln' };
 * const id = makeToolCallId(source);
 * readThoughtSignature(id); // 'c2ln'
 * ```
 */
export interface ToolCallIdSource {
  /** Position among the response's function calls. */
  index: number;
  /** Function name. */
  name: string;
  /** Arguments as JSON text. */
  argumentsJson: string;
  /** The part's `thoughtSignature`, when sent. */
  thoughtSignature?: string;
  /** `functionCall.id`, when Gemini sent one (it rarely does). */
  geminiId?: string;
}

/**
 * A tool-call id for a Gemini function call. Gemini usually sends no ids, so the id is derived from the
 * call's position, name and arguments: the same response always yields the same ids, streamed or not. When the
 * part carries a `thoughtSignature` it is appended after `__thought__`, because Gemini 3 rejects a replayed
 * function call without its signature and the id is the only field that survives the round trip through a
 * provider-neutral conversation.
 *
 * @example
 * makeToolCallId({ index: 0, name: 'get_weather', argumentsJson: '{"city":"Paris"}' }); // 'call_0_1x2y3z'
 */
export function makeToolCallId(source: ToolCallIdSource): string {
  const { index, name, argumentsJson, thoughtSignature, geminiId } = source;
  const base = geminiId ? geminiId : `call_${index}_${fnv1a(`${name}\0${argumentsJson}`)}`;
  return thoughtSignature ? `${base}${SIGNATURE_SEPARATOR}${thoughtSignature}` : base;
}

/**
 * The thought signature carried inside a tool-call id made by {@link makeToolCallId}, if any.
 *
 * @example
 * readThoughtSignature('call_0_abc__thought__c2ln'); // 'c2ln'
 */
export function readThoughtSignature(toolCallId: string): string | undefined {
  const at = toolCallId.indexOf(SIGNATURE_SEPARATOR);
  if (at < 0) return undefined;
  const signature = toolCallId.slice(at + SIGNATURE_SEPARATOR.length);
  return signature === '' ? undefined : signature;
}
