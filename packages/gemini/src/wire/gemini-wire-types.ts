/**
 * The subset of the Gemini `generateContent` wire format this adapter writes. Field names are the API's
 * camelCase JSON names (the API also accepts snake_case; we never send it).
 */

/** Base64 bytes with their media type. */
export interface GeminiInlineData {
  /** IANA media type, e.g. `image/png`. */
  mimeType: string;
  /** Base64 (standard alphabet) payload. */
  data: string;
}

/** A file already uploaded to the Files API (or a `gs://` URI). */
export interface GeminiFileData {
  /** IANA media type; the API requires it. */
  mimeType: string;
  /** `https://generativelanguage.googleapis.com/v1beta/files/…` or `gs://…`. */
  fileUri: string;
}

/** A function the model asked to call. */
export interface GeminiFunctionCall {
  /** Function name. */
  name: string;
  /** Arguments as a JSON object. */
  args: Record<string, unknown>;
}

/** The result of a function call, sent back in a `user` turn. */
export interface GeminiFunctionResponse {
  /** Name of the function that was called (Gemini matches results by name). */
  name: string;
  /** The result as a JSON object. */
  response: Record<string, unknown>;
}

/** One part of a content; exactly one payload field is set. */
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

/** One turn of the conversation. */
export interface GeminiContent {
  /** `user` (also for function results) or `model`. */
  role: 'user' | 'model';
  /** Its parts, in order. */
  parts: GeminiPart[];
}

/** Gemini's OpenAPI-3.0 subset of JSON Schema. Types are upper-case enum names. */
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

/** A function the model may call. */
export interface GeminiFunctionDeclaration {
  /** Function name. */
  name: string;
  /** What it does. */
  description?: string;
  /** Its arguments; omitted when it takes none (Gemini rejects an OBJECT without properties). */
  parameters?: GeminiSchema;
}

/** A tool entry; this adapter only sends function declarations. */
export interface GeminiTool {
  /** The declared functions. */
  functionDeclarations: GeminiFunctionDeclaration[];
}

/** How the model may use the tools. */
export interface GeminiToolConfig {
  /** Function-calling mode and restriction. */
  functionCallingConfig: {
    /** AUTO (may call), ANY (must call), NONE (must not call). */
    mode: 'AUTO' | 'ANY' | 'NONE';
    /** With ANY: only these functions. */
    allowedFunctionNames?: string[];
  };
}

/** Sampling, length and output-format settings. */
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

/** Body of `:generateContent` and `:streamGenerateContent`. */
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
