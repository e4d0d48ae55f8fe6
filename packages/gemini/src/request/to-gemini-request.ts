import type { RequestIntent } from '@apikeyrouter/provider';
import type { GeminiContent, GeminiRequest } from '../wire/gemini-wire-types.js';
import { toGenerationConfig } from './generation-config.js';
import { isGemmaModel } from './model-path.js';
import { toGeminiContents } from './to-gemini-contents.js';
import { toGeminiToolConfig, toGeminiTools } from './to-gemini-tools.js';

// Gemma rejects `systemInstruction` ("Developer instruction is not enabled"), so its system prompt travels
// as the first text of the first user turn, which is how Gemma's own chat template places it.
function foldSystemIntoFirstUserTurn(contents: GeminiContent[], systemTexts: string[]): void {
  const text = systemTexts.join('\n\n');
  const first = contents[0];
  if (first?.role === 'user') first.parts.unshift({ text });
  else contents.unshift({ role: 'user', parts: [{ text }] });
}

/**
 * Builds the body of `:generateContent` / `:streamGenerateContent` for an intent. Throws a `validation`
 * RouterError for what Gemini cannot take (web image URLs, more than 5 stop sequences, tool results that
 * answer no known call).
 *
 * @example
 * const body = JSON.stringify(toGeminiRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }, 'gemini-2.5-flash'));
 * // '{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}'
 */
export function toGeminiRequest(intent: RequestIntent, model: string, providerId = 'gemini'): GeminiRequest {
  const { contents, systemTexts } = toGeminiContents(intent.messages, providerId);
  const request: GeminiRequest = { contents };
  if (systemTexts.length > 0) {
    if (isGemmaModel(model)) foldSystemIntoFirstUserTurn(contents, systemTexts);
    else request.systemInstruction = { parts: systemTexts.map((text) => ({ text })) };
  }
  const tools = toGeminiTools(intent.tools);
  if (tools) request.tools = tools;
  const toolConfig = toGeminiToolConfig(intent.toolChoice, tools !== undefined);
  if (toolConfig) request.toolConfig = toolConfig;
  const generationConfig = toGenerationConfig(intent.parameters, intent.responseFormat, providerId);
  if (generationConfig) request.generationConfig = generationConfig;
  return request;
}

/**
 * A rough count of the prompt tokens in a request (text length / 4, images not counted), used only to tell a
 * request that can never fit a per-minute token quota from one that merely has to wait.
 *
 * @example
 * estimateInputTokens({ contents: [{ role: 'user', parts: [{ text: 'x'.repeat(400) }] }] }); // 100
 */
export function estimateInputTokens(request: GeminiRequest): number {
  let chars = 0;
  const parts = [...(request.systemInstruction?.parts ?? []), ...request.contents.flatMap((c) => c.parts)];
  for (const part of parts) {
    if (part.text !== undefined) chars += part.text.length;
    if (part.functionCall) chars += JSON.stringify(part.functionCall.args).length;
    if (part.functionResponse) chars += JSON.stringify(part.functionResponse.response).length;
  }
  return Math.floor(chars / 4);
}
