import { type RequestIntent, ValidationError } from '@apikeyrouter/provider';
import type { OllamaChatRequest, OllamaOptions, OllamaTool } from '../wire/ollama-wire-types.js';
import { toOllamaMessages } from './to-ollama-messages.js';

/**
 * Per-call settings of {@link toOllamaRequest} that do not come from the intent.
 *
 * @example
 * ```ts
 * const settings: OllamaRequestSettings = { stream: true, keepAlive: '10m' };
 * const body = toOllamaRequest(intent, 'llama3.2', settings);
 * body.keep_alive; // '10m'
 * ```
 */
export interface OllamaRequestSettings {
  /** Ask for an NDJSON stream. Default false. */
  stream?: boolean;
  /** `keep_alive` to send (how long Ollama keeps the model loaded). Omitted when undefined. */
  keepAlive?: string | number;
}

/**
 * Ollama has no `tool_choice`: `none` drops the tools, a named choice offers only that tool, and `required`
 * cannot be enforced (the tools are offered as with `auto`).
 */
function toOllamaTools(intent: RequestIntent): OllamaTool[] | undefined {
  const tools = intent.tools;
  if (!tools || tools.length === 0 || intent.toolChoice === 'none') return undefined;
  let offered = tools;
  const choice = intent.toolChoice;
  if (typeof choice === 'object') {
    offered = tools.filter((tool) => tool.name === choice.name);
    if (offered.length === 0) {
      throw new ValidationError(`toolChoice names an undeclared tool '${choice.name}'`, [
        { path: 'toolChoice.name', message: 'must name one of the declared tools' },
      ]);
    }
  }
  return offered.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
    },
  }));
}

function toOllamaOptions(intent: RequestIntent): OllamaOptions | undefined {
  const p = intent.parameters;
  if (!p) return undefined;
  const options: OllamaOptions = {};
  if (p.temperature !== undefined) options.temperature = p.temperature;
  if (p.maxTokens !== undefined) options.num_predict = p.maxTokens;
  if (p.topP !== undefined) options.top_p = p.topP;
  if (p.stop !== undefined && p.stop.length > 0) options.stop = p.stop;
  if (p.seed !== undefined) options.seed = p.seed;
  if (p.presencePenalty !== undefined) options.presence_penalty = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) options.frequency_penalty = p.frequencyPenalty;
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * Builds the `POST /api/chat` body for an intent. Pure: the bench and tests call it without HTTP.
 * Throws a `ValidationError` for what Ollama cannot take (image URLs, non-object tool arguments).
 *
 * @example
 * const body = toOllamaRequest({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'hi' }] }, 'llama3.2');
 * JSON.stringify(body); // {"model":"llama3.2","messages":[{"role":"user","content":"hi"}],"stream":false}
 */
export function toOllamaRequest(
  intent: RequestIntent,
  model: string,
  settings: OllamaRequestSettings = {},
): OllamaChatRequest {
  const body: OllamaChatRequest = {
    model,
    messages: toOllamaMessages(intent.messages),
    stream: settings.stream ?? false,
  };
  const tools = toOllamaTools(intent);
  if (tools) body.tools = tools;
  const format = intent.responseFormat;
  if (format?.type === 'json') body.format = 'json';
  else if (format?.type === 'json_schema') body.format = format.schema;
  const options = toOllamaOptions(intent);
  if (options) body.options = options;
  if (settings.keepAlive !== undefined) body.keep_alive = settings.keepAlive;
  return body;
}
