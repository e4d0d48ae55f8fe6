import type {
  APICallError,
  embed,
  embedMany,
  generateObject,
  generateText,
  jsonSchema,
  stepCountIs,
  streamText,
  tool,
} from 'ai';

/**
 * The part of an `ai` major version the shared suites drive, typed by ai@6 (the baseline the package
 * supports on Node 20). ai@7 passes its own functions in; `stepCountIs` is its `isStepCount`.
 *
 * @example
 * const sdk: AiSdk = { label: 'ai@6', ...ai, APICallError };
 */
export interface AiSdk {
  /** Names the version in test titles (`ai@6`). */
  label: string;
  generateText: typeof generateText;
  streamText: typeof streamText;
  generateObject: typeof generateObject;
  embed: typeof embed;
  embedMany: typeof embedMany;
  jsonSchema: typeof jsonSchema;
  tool: typeof tool;
  stepCountIs: typeof stepCountIs;
  APICallError: typeof APICallError;
}

/**
 * The error a promise rejects with; fails when it resolves.
 *
 * @example
 * const error = await rejection(generateText({ model, prompt: 'x' }));
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
