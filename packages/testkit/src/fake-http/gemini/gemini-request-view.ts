import { countFakeTokens } from '../../simulation/fake-reply.js';

type Json = Record<string, unknown>;

/**
 * Gemini bills an image as a fixed 258 tokens.
 *
 * @example
 * const promptTokens = countFakeTokens(text) + images * GEMINI_IMAGE_TOKENS;
 */
export const GEMINI_IMAGE_TOKENS = 258;

/** A declared function, as the fake needs it. */
export interface DeclaredFunction {
  /** Function name. */
  name: string;
  /** Its parameter schema, when declared. */
  parameters?: Json;
}

/** What the simulated Gemini reads from a generateContent body. */
export interface GeminiRequestView {
  /** The `contents` turns (objects only). */
  contents: Json[];
  /** Prompt tokens: text (fake rule) plus 258 per image. */
  promptTokens: number;
  /** Text the answer echoes: the last user turn's text, or its function results. */
  echoText: string;
  /** The last turn answers function calls. */
  answersFunctions: boolean;
  /** `generationConfig.maxOutputTokens`. */
  maxOutputTokens?: number;
  /** Declared functions. */
  functions: DeclaredFunction[];
  /** `toolConfig.functionCallingConfig.mode`, default AUTO. */
  mode: string;
  /** `allowedFunctionNames`, when given. */
  allowedFunctions?: string[];
  /** JSON mode requested. */
  json: boolean;
  /** `generationConfig.responseSchema`. */
  responseSchema?: Json;
}

/**
 * The value as a plain object, or undefined.
 *
 * @example
 * record(JSON.parse('{"a":1}'))?.a; // 1
 */
export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * The plain objects of an array value (others dropped); empty for non-arrays.
 *
 * @example
 * records([{ a: 1 }, 2]); // [{ a: 1 }]
 */
export function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record).filter((r): r is Json => r !== undefined) : [];
}

function partsText(parts: Json[], into: string[]): number {
  let images = 0;
  for (const part of parts) {
    if (typeof part.text === 'string') into.push(part.text);
    const call = record(part.functionCall);
    if (call) into.push(JSON.stringify(call.args ?? {}));
    const result = record(part.functionResponse);
    if (result) into.push(JSON.stringify(result.response ?? {}));
    if (part.inlineData !== undefined || part.fileData !== undefined) images++;
  }
  return images;
}

/**
 * Reads a generateContent body leniently (validation is separate), for token counting and for deciding the
 * answer.
 *
 * @example
 * viewGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }).echoText; // 'hi'
 */
export function viewGeminiRequest(body: unknown): GeminiRequestView {
  const root = record(body) ?? {};
  const contents = records(root.contents);
  const texts: string[] = [];
  let images = partsText(records(record(root.systemInstruction)?.parts), texts);
  for (const content of contents) images += partsText(records(content.parts), texts);
  const last = contents[contents.length - 1];
  const lastParts = records(last?.parts);
  const results = lastParts.map((p) => record(p.functionResponse)).filter((r): r is Json => r !== undefined);
  const answersFunctions = results.length > 0;
  const echoText = answersFunctions
    ? results.map((r) => `${String(r.name)} returned ${JSON.stringify(r.response ?? {})}`).join('; ')
    : lastParts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
  const config = record(root.generationConfig) ?? {};
  const functions = records(root.tools)
    .flatMap((tool) => records(tool.functionDeclarations ?? tool.function_declarations))
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({ name: f.name as string, parameters: record(f.parameters) }));
  const calling = record(record(root.toolConfig)?.functionCallingConfig) ?? {};
  const view: GeminiRequestView = {
    contents,
    promptTokens: countFakeTokens(texts.join('')) + images * GEMINI_IMAGE_TOKENS,
    echoText,
    answersFunctions,
    functions,
    mode: typeof calling.mode === 'string' ? calling.mode : 'AUTO',
    json: config.responseMimeType === 'application/json',
  };
  if (typeof config.maxOutputTokens === 'number') view.maxOutputTokens = config.maxOutputTokens;
  if (Array.isArray(calling.allowedFunctionNames))
    view.allowedFunctions = calling.allowedFunctionNames.map(String);
  const schema = record(config.responseSchema);
  if (schema) view.responseSchema = schema;
  return view;
}
