/**
 * The subset of the Gemini `generateContent` wire format this adapter writes. Field names are the API's
 * camelCase JSON names (the API also accepts snake_case; we never send it).
 */

/**
 * Base64 bytes with their media type.
 *
 * @example
 * ```ts
 * const inlineData: GeminiInlineData = { mimeType: 'image/png', data: 'iVBORw0K' };
 * const part: GeminiPart = { inlineData };
 * ```
 */
export interface GeminiInlineData {
  /** IANA media type, e.g. `image/png`. */
  mimeType: string;
  /** Base64 (standard alphabet) payload. */
  data: string;
}

/**
 * A file already uploaded to the Files API (or a `gs://` URI).
 *
 * @example
 * ```ts
 * const fileData: GeminiFileData = { mimeType: 'application/pdf', fileUri: 'gs://my-bucket/report.pdf' };
 * const part: GeminiPart = { fileData };
 * ```
 */
export interface GeminiFileData {
  /** IANA media type; the API requires it. */
  mimeType: string;
  /** `https://generativelanguage.googleapis.com/v1beta/files/…` or `gs://…`. */
  fileUri: string;
}

/**
 * A function the model asked to call.
 *
 * @example
 * ```ts
 * const functionCall: GeminiFunctionCall = { name: 'get_weather', args: { city: 'Paris' } };
 * const turn: GeminiContent = { role: 'model', parts: [{ functionCall }] };
 * ```
 */
export interface GeminiFunctionCall {
  /** Function name. */
  name: string;
  /** Arguments as a JSON object. */
  args: Record<string, unknown>;
}

/**
 * The result of a function call, sent back in a `user` turn.
 *
 * @example
 * ```ts
 * const functionResponse: GeminiFunctionResponse = { name: 'get_weather', response: { tempC: 21 } };
 * const turn: GeminiContent = { role: 'user', parts: [{ functionResponse }] };
 * ```
 */
export interface GeminiFunctionResponse {
  /** Name of the function that was called (Gemini matches results by name). */
  name: string;
  /** The result as a JSON object. */
  response: Record<string, unknown>;
}

/**
 * One part of a content; exactly one payload field is set.
 *
 * @example
 * ```ts
 * const parts: GeminiPart[] = [
 *   { text: 'What is in this image?' },
 *   { inlineData: { mimeType: 'image/jpeg', data: base64Jpeg } },
 * ];
 * ```
 */
export interface GeminiPart {
  /** Text. */
  text?: string;
  /** Inline image bytes. */
  inlineData?: GeminiInlineData;
  /** Uploaded file. */
  fileData?: GeminiFileData;
  /** A model's function call. */
  functionCall?: GeminiFunctionCall;
  /** A function's result. */
  functionResponse?: GeminiFunctionResponse;
  /** Opaque signature of the model's reasoning; Gemini 3 requires it back on function-call parts. */
  thoughtSignature?: string;
}

/**
 * One turn of the conversation.
 *
 * @example
 * ```ts
 * const contents: GeminiContent[] = [
 *   { role: 'user', parts: [{ text: 'Hi' }] },
 *   { role: 'model', parts: [{ text: 'Hello! How can I help?' }] },
 * ];
 * ```
 */
export interface GeminiContent {
  /** `user` (also for function results) or `model`. */
  role: 'user' | 'model';
  /** Its parts, in order. */
  parts: GeminiPart[];
}

/**
 * Gemini's OpenAPI-3.0 subset of JSON Schema. Types are upper-case enum names.
 *
 * @example
 * ```ts
 * const schema: GeminiSchema = {
 *   type: 'OBJECT',
 *   properties: { city: { type: 'STRING', nullable: true } },
 *   required: ['city'],
 * };
 * ```
 */
export interface GeminiSchema {
  /** `STRING`, `NUMBER`, `INTEGER`, `BOOLEAN`, `ARRAY` or `OBJECT`. */
  type?: string;
  /** `date-time`/`enum` (STRING), `int32`/`int64` (INTEGER), `float`/`double` (NUMBER). */
  format?: string;
  /** Title. */
  title?: string;
  /** Description. */
  description?: string;
  /** Whether null is allowed. */
  nullable?: boolean;
  /** Allowed string values. */
  enum?: string[];
  /** Object properties. */
  properties?: Record<string, GeminiSchema>;
  /** Required property names. */
  required?: string[];
  /** Array item schema. */
  items?: GeminiSchema;
  /** Alternatives. */
  anyOf?: GeminiSchema[];
  /** Array bounds. */
  minItems?: number;
  /** Array bounds. */
  maxItems?: number;
  /** Numeric bounds. */
  minimum?: number;
  /** Numeric bounds. */
  maximum?: number;
  /** String bounds. */
  minLength?: number;
  /** String bounds. */
  maxLength?: number;
  /** String pattern. */
  pattern?: string;
}

/**
 * A function the model may call.
 *
 * @example
 * ```ts
 * const declaration: GeminiFunctionDeclaration = {
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
 * };
 * ```
 */
export interface GeminiFunctionDeclaration {
  /** Function name. */
  name: string;
  /** What it does. */
  description?: string;
  /** Its arguments; omitted when it takes none (Gemini rejects an OBJECT without properties). */
  parameters?: GeminiSchema;
}

/**
 * A tool entry; this adapter only sends function declarations.
 *
 * @example
 * ```ts
 * const tools: GeminiTool[] | undefined = toGeminiTools(intent.tools);
 * tools?.[0]?.functionDeclarations.map((d) => d.name); // e.g. ['get_weather']
 * ```
 */
export interface GeminiTool {
  /** The declared functions. */
  functionDeclarations: GeminiFunctionDeclaration[];
}

/**
 * How the model may use the tools.
 *
 * @example
 * ```ts
 * // Force a call to one function (the router's toolChoice `{ name: 'get_weather' }`).
 * const toolConfig: GeminiToolConfig = {
 *   functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
 * };
 * ```
 */
export interface GeminiToolConfig {
  /** Function-calling mode and restriction. */
  functionCallingConfig: {
    /** AUTO (may call), ANY (must call), NONE (must not call). */
    mode: 'AUTO' | 'ANY' | 'NONE';
    /** With ANY: only these functions. */
    allowedFunctionNames?: string[];
  };
}

/**
 * Sampling, length and output-format settings.
 *
 * @example
 * ```ts
 * const generationConfig: GeminiGenerationConfig = {
 *   maxOutputTokens: 256,
 *   temperature: 0.2,
 *   responseMimeType: 'application/json',
 *   responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } } },
 * };
 * ```
 */
export interface GeminiGenerationConfig {
  /** Output token cap. */
  maxOutputTokens?: number;
  /** Sampling temperature. */
  temperature?: number;
  /** Nucleus sampling. */
  topP?: number;
  /** Up to 5 stop sequences. */
  stopSequences?: string[];
  /** Decoding seed. */
  seed?: number;
  /** Presence penalty. */
  presencePenalty?: number;
  /** Frequency penalty. */
  frequencyPenalty?: number;
  /** `application/json` for JSON mode. */
  responseMimeType?: string;
  /** Output schema (with `responseMimeType: application/json`). */
  responseSchema?: GeminiSchema;
}

/**
 * Body of `:generateContent` and `:streamGenerateContent`.
 *
 * @example
 * ```ts
 * const body: GeminiRequest = {
 *   systemInstruction: { parts: [{ text: 'Be brief.' }] },
 *   contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
 *   generationConfig: { maxOutputTokens: 64 },
 * };
 * // or from an intent: toGeminiRequest(intent, 'gemini-2.5-flash')
 * ```
 */
export interface GeminiRequest {
  /** The conversation. */
  contents: GeminiContent[];
  /** System prompt. */
  systemInstruction?: { parts: GeminiPart[] };
  /** Declared tools. */
  tools?: GeminiTool[];
  /** Tool choice. */
  toolConfig?: GeminiToolConfig;
  /** Generation settings. */
  generationConfig?: GeminiGenerationConfig;
}
