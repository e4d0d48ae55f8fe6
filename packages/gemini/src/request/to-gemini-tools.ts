import type { ToolChoice, ToolDefinition } from '@apikeyrouter/provider';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../wire/gemini-wire-types.js';
import { toGeminiSchema } from './json-schema-to-gemini.js';

/**
 * Declares the intent's tools as one Gemini tool with `functionDeclarations`. A function without parameters
 * (or whose schema has no properties) is sent without `parameters`, since Gemini rejects an OBJECT schema
 * with empty `properties`.
 *
 * @example
 * toGeminiTools([{ name: 'now', parameters: { type: 'object', properties: {} } }]);
 * // [{ functionDeclarations: [{ name: 'now' }] }]
 */
export function toGeminiTools(tools: readonly ToolDefinition[] | undefined): GeminiTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const functionDeclarations = tools.map((tool) => {
    const declaration: GeminiFunctionDeclaration = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    const parameters = toGeminiSchema(tool.parameters);
    if (parameters && (parameters.type !== 'OBJECT' || parameters.properties)) {
      declaration.parameters = parameters;
    }
    return declaration;
  });
  return [{ functionDeclarations }];
}

/**
 * Maps the intent's tool choice to `toolConfig.functionCallingConfig`: auto → AUTO, none → NONE,
 * required → ANY, `{ name }` → ANY restricted to that function. Undefined without tools.
 *
 * @example
 * toGeminiToolConfig({ name: 'get_weather' }, true);
 * // { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } }
 */
export function toGeminiToolConfig(
  choice: ToolChoice | undefined,
  hasTools: boolean,
): GeminiToolConfig | undefined {
  if (choice === undefined || !hasTools) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
}
