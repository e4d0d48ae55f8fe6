import type { ModelCapabilities } from '../adapter/capabilities.js';
import type { RequestIntent } from '../intent/intent-schema.js';

/** Capabilities an intent needs from a provider. */
export type CapabilityNeed = 'streaming' | 'tools' | 'vision' | 'jsonMode' | 'jsonSchema' | 'embeddings';

/**
 * The capabilities a request needs, derived from what it uses.
 *
 * @example
 * capabilityNeeds({ ...intent, tools: [weatherTool] }, false); // ['tools']
 */
export function capabilityNeeds(intent: RequestIntent, stream: boolean): CapabilityNeed[] {
  const needs: CapabilityNeed[] = [];
  if (stream) needs.push('streaming');
  if (intent.tools && intent.tools.length > 0) needs.push('tools');
  if (intent.responseFormat?.type === 'json') needs.push('jsonMode');
  if (intent.responseFormat?.type === 'json_schema') needs.push('jsonSchema');
  for (const message of intent.messages) {
    if (
      message.role === 'user' &&
      Array.isArray(message.content) &&
      message.content.some((p) => p.type === 'image')
    ) {
      needs.push('vision');
      break;
    }
  }
  return needs;
}

/** The first need the capabilities lack, if any. */
export function missingCapability(
  caps: ModelCapabilities,
  needs: readonly CapabilityNeed[],
): CapabilityNeed | undefined {
  for (const need of needs) {
    const supported = need === 'jsonSchema' ? (caps.jsonSchema ?? caps.jsonMode) : caps[need];
    if (!supported) return need;
  }
  return undefined;
}
