import { record, records } from './gemini-request-view.js';

const TOP_LEVEL = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
  'labels',
]);
const GENERATION_CONFIG = new Set([
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'candidateCount',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'thinkingConfig',
  'mediaResolution',
  'speechConfig',
]);
const PART_DATA = [
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A request the real API would refuse with 400 INVALID_ARGUMENT. */
export interface GeminiInvalid {
  /** The API's message. */
  message: string;
  /** The offending field, for BadRequest details. */
  field?: string;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const unknownName = (name: string, at?: string): GeminiInvalid => ({
  message: `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
  field: at ?? name,
});

function checkPart(
  part: Record<string, unknown>,
  at: string,
  model: string,
  role: unknown,
): GeminiInvalid | undefined {
  if (!PART_DATA.some((key) => part[key] !== undefined)) {
    return {
      message: `* GenerateContentRequest.${at}.data: required oneof field 'data' must have one initialized field\n`,
      field: `${at}.data`,
    };
  }
  const inline = record(part.inlineData);
  if (inline && (typeof inline.data !== 'string' || !BASE64.test(inline.data))) {
    return {
      message: `Invalid value at '${at}.inline_data.data' (TYPE_BYTES), Base64 decoding failed`,
      field: `${at}.inline_data.data`,
    };
  }
  if (
    role === 'model' &&
    part.functionCall !== undefined &&
    /^gemini-3/.test(model) &&
    !part.thoughtSignature
  ) {
    const name = String(record(part.functionCall)?.name);
    return {
      message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\`. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
    };
  }
  return undefined;
}

/**
 * Checks a generateContent body the way the real API does for the mistakes an adapter can make: unknown
 * fields, missing or empty contents, bad roles, empty parts, bad base64, OBJECT schemas without properties in
 * function declarations, a system instruction for Gemma, and (Gemini 3) replayed function calls without their
 * thought signature. Returns undefined for a valid body.
 *
 * @example
 * validateGeminiRequest({ contents: [] }, 'gemini-2.5-flash')?.message; // '* GenerateContentRequest.contents: contents is not specified\n'
 */
export function validateGeminiRequest(body: unknown, model: string): GeminiInvalid | undefined {
  const root = record(body);
  if (!root) return { message: 'Invalid JSON payload received. Unexpected token.' };
  for (const key of Object.keys(root)) if (!TOP_LEVEL.has(camel(key))) return unknownName(key);
  for (const key of Object.keys(record(root.generationConfig) ?? {})) {
    if (!GENERATION_CONFIG.has(camel(key))) return unknownName(key, 'generation_config');
  }
  const contents = Array.isArray(root.contents) ? root.contents : [];
  if (contents.length === 0) {
    return { message: '* GenerateContentRequest.contents: contents is not specified\n', field: 'contents' };
  }
  for (const [i, item] of contents.entries()) {
    const content = record(item) ?? {};
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      return { message: 'Please use a valid role: user, model.', field: `contents[${i}].role` };
    }
    const parts = records(content.parts);
    if (parts.length === 0) {
      return {
        message: `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`,
        field: `contents[${i}].parts`,
      };
    }
    for (const [j, part] of parts.entries()) {
      const invalid = checkPart(part, `contents[${i}].parts[${j}]`, model, content.role);
      if (invalid) return invalid;
    }
  }
  for (const [t, tool] of records(root.tools).entries()) {
    for (const [f, declaration] of records(tool.functionDeclarations).entries()) {
      const parameters = record(declaration.parameters);
      const properties = record(parameters?.properties);
      if (
        parameters &&
        String(parameters.type).toUpperCase() === 'OBJECT' &&
        (!properties || Object.keys(properties).length === 0)
      ) {
        const field = `tools[${t}].function_declarations[${f}].parameters.properties`;
        return { message: `* GenerateContentRequest.${field}: should be non-empty for OBJECT type\n`, field };
      }
    }
  }
  if (root.systemInstruction !== undefined && /^gemma-/.test(model)) {
    return { message: `Developer instruction is not enabled for models/${model}` };
  }
  return undefined;
}
