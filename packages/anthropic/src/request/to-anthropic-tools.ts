import type { RequestIntent, ResponseFormat, ToolDefinition } from '@apikeyrouter/provider';
import { ValidationError } from '@apikeyrouter/provider';
import type { AnthropicToolChoice, AnthropicToolParam } from '../wire/anthropic-request-types.js';

/**
 * Name of the answer tool used to emulate `responseFormat: { type: 'json' }`.
 *
 * @example
 * ```ts
 * responseToolName({ responseFormat: { type: 'json' } }) === JSON_RESPONSE_TOOL; // true
 * ```
 */
export const JSON_RESPONSE_TOOL = 'json_response';

const ANSWER_DESCRIPTION =
  'Give your final answer by calling this tool. Its input is the answer, as a JSON object.';

/**
 * Name of the tool that carries a JSON answer for this intent, or undefined when the intent wants text.
 * Anthropic has no JSON mode on every model, so JSON output is emulated with a forced tool call whose input is
 * the answer; the response side turns that call back into message content.
 *
 * @example
 * responseToolName({ model: 'm', messages: [], responseFormat: { type: 'json_schema', name: 'person', schema: {} } }); // 'person'
 */
export function responseToolName(intent: Pick<RequestIntent, 'responseFormat'>): string | undefined {
  const format = intent.responseFormat;
  if (!format || format.type === 'text') return undefined;
  return format.type === 'json' ? JSON_RESPONSE_TOOL : format.name;
}

function withObjectType(schema: Record<string, unknown>): Record<string, unknown> {
  // Anthropic requires the input schema to describe an object.
  return schema.type === undefined ? { type: 'object', ...schema } : schema;
}

function answerTool(format: Exclude<ResponseFormat, { type: 'text' }>): AnthropicToolParam {
  if (format.type === 'json') {
    return {
      name: JSON_RESPONSE_TOOL,
      description: ANSWER_DESCRIPTION,
      input_schema: { type: 'object', additionalProperties: true },
    };
  }
  return { name: format.name, description: ANSWER_DESCRIPTION, input_schema: withObjectType(format.schema) };
}

function toTool(tool: ToolDefinition): AnthropicToolParam {
  const param: AnthropicToolParam = { name: tool.name, input_schema: withObjectType(tool.parameters) };
  if (tool.description !== undefined) param.description = tool.description;
  return param;
}

function userChoice(choice: RequestIntent['toolChoice']): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

/**
 * Maps tools, the tool choice and the response format. Without JSON output: tools → `input_schema` tools,
 * `required` → `any`, `{ name }` → `{ type: 'tool' }`. With JSON output an answer tool is appended and forced
 * (`any` when the caller's own tools may still be called, so the model picks between them and the answer).
 *
 * @example
 * toAnthropicTools({ tools: [{ name: 'f', parameters: { type: 'object' } }], toolChoice: 'required' });
 * // { tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } }
 */
export function toAnthropicTools(intent: Pick<RequestIntent, 'tools' | 'toolChoice' | 'responseFormat'>): {
  tools?: AnthropicToolParam[];
  tool_choice?: AnthropicToolChoice;
} {
  const tools = (intent.tools ?? []).map(toTool);
  const format = intent.responseFormat;
  if (!format || format.type === 'text') {
    if (tools.length === 0) return {};
    const choice = userChoice(intent.toolChoice);
    return choice ? { tools, tool_choice: choice } : { tools };
  }
  const answer = answerTool(format);
  if (tools.some((tool) => tool.name === answer.name)) {
    throw new ValidationError('The JSON response name collides with a tool name', [
      { path: 'responseFormat', message: `a tool is already named ${answer.name}` },
    ]);
  }
  const choice = intent.toolChoice;
  if (tools.length > 0 && (choice === undefined || choice === 'auto' || choice === 'required')) {
    return { tools: [...tools, answer], tool_choice: { type: 'any' } };
  }
  if (tools.length > 0 && typeof choice === 'object') {
    return { tools: [...tools, answer], tool_choice: { type: 'tool', name: choice.name } };
  }
  return { tools: [answer], tool_choice: { type: 'tool', name: answer.name } };
}
