import { type GenerationParameters, type ResponseFormat, RouterError } from '@apikeyrouter/provider';
import type { GeminiGenerationConfig } from '../wire/gemini-wire-types.js';
import { toGeminiSchema } from './json-schema-to-gemini.js';

/**
 * Gemini's documented cap on `stopSequences`.
 *
 * @example
 * if (stop.length > MAX_STOP_SEQUENCES) throw tooMany();
 */
export const MAX_STOP_SEQUENCES = 5;

/**
 * Builds `generationConfig` from the intent's parameters and response format. Parameters Gemini has no field
 * for (`user`) are left out. More than five stop sequences are refused: Gemini would reject them, and dropping
 * some would silently change the output.
 *
 * @example
 * toGenerationConfig({ maxTokens: 64, stop: ['END'] }, { type: 'json' }, 'gemini');
 * // { maxOutputTokens: 64, stopSequences: ['END'], responseMimeType: 'application/json' }
 */
export function toGenerationConfig(
  parameters: GenerationParameters | undefined,
  format: ResponseFormat | undefined,
  providerId: string,
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (parameters) {
    if (parameters.maxTokens !== undefined) config.maxOutputTokens = parameters.maxTokens;
    if (parameters.temperature !== undefined) config.temperature = parameters.temperature;
    if (parameters.topP !== undefined) config.topP = parameters.topP;
    if (parameters.stop !== undefined && parameters.stop.length > 0) {
      if (parameters.stop.length > MAX_STOP_SEQUENCES) {
        throw new RouterError('validation', `Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences`, {
          providerId,
          code: 'too_many_stop_sequences',
        });
      }
      config.stopSequences = [...parameters.stop];
    }
    if (parameters.seed !== undefined) config.seed = parameters.seed;
    if (parameters.presencePenalty !== undefined) config.presencePenalty = parameters.presencePenalty;
    if (parameters.frequencyPenalty !== undefined) config.frequencyPenalty = parameters.frequencyPenalty;
  }
  if (format?.type === 'json') {
    config.responseMimeType = 'application/json';
  } else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    const schema = toGeminiSchema(format.schema);
    if (schema && (schema.type !== 'OBJECT' || schema.properties)) config.responseSchema = schema;
  }
  return Object.keys(config).length > 0 ? config : undefined;
}
