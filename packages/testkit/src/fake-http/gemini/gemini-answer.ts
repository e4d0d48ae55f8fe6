import { countFakeTokens, fakeReply } from '../../simulation/fake-reply.js';
import type { GeminiRequestView } from './gemini-request-view.js';
import { sampleFromSchema } from './gemini-schema-sample.js';

/**
 * Fixed thinking tokens the fake reports for thinking models (2.5, 3, `*thinking*`).
 *
 * @example
 * expect(usage.reasoningTokens).toBe(FAKE_THOUGHTS_TOKENS);
 */
export const FAKE_THOUGHTS_TOKENS = 4;

/** A Gemini response part the fake produces. */
export type GeminiAnswerPart =
  | { text: string }
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string };

/** The deterministic answer to one request. */
export interface GeminiAnswer {
  /** Response parts. */
  parts: GeminiAnswerPart[];
  /** `STOP` or `MAX_TOKENS`. */
  finishReason: 'STOP' | 'MAX_TOKENS';
  /** Prompt tokens. */
  promptTokens: number;
  /** Candidate tokens (thinking excluded, as Gemini counts them). */
  candidatesTokens: number;
  /** Thinking tokens, for thinking models. */
  thoughtsTokens?: number;
}

/**
 * True for models that think (and therefore report `thoughtsTokenCount` and sign function calls).
 *
 * @example
 * isThinkingModel('gemini-2.5-flash'); // true
 */
export function isThinkingModel(model: string): boolean {
  return /^gemini-(2\.5|3)/.test(model) || model.includes('thinking');
}

function chooseFunction(view: GeminiRequestView): string | undefined {
  if (view.functions.length === 0 || view.answersFunctions || view.mode === 'NONE') return undefined;
  const allowed = view.functions.filter(
    (f) => !view.allowedFunctions || view.allowedFunctions.includes(f.name),
  );
  const mentioned = allowed.find((f) => view.echoText.includes(f.name));
  if (mentioned) return mentioned.name;
  return view.mode === 'ANY' ? allowed[0]?.name : undefined;
}

/**
 * Decides the answer: a function call when tools are declared and the prompt names one (or `mode: ANY`),
 * otherwise the echo reply (`echo: <text>`, capped by `maxOutputTokens`), as JSON when JSON mode is on
 * (a sample of `responseSchema`, or `{"echo": …}`).
 *
 * @example
 * answerGemini(viewGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }), 'gemini-2.0-flash').parts;
 * // [{ text: 'echo: hi' }]
 */
export function answerGemini(view: GeminiRequestView, model: string): GeminiAnswer {
  const thinking = isThinkingModel(model);
  const base = {
    promptTokens: view.promptTokens,
    ...(thinking ? { thoughtsTokens: FAKE_THOUGHTS_TOKENS } : {}),
  };
  const name = chooseFunction(view);
  if (name !== undefined) {
    const declared = view.functions.find((f) => f.name === name);
    const args = (declared?.parameters ? sampleFromSchema(declared.parameters, view.echoText) : {}) as Record<
      string,
      unknown
    >;
    const part: GeminiAnswerPart = { functionCall: { name, args } };
    if (thinking) part.thoughtSignature = Buffer.from(`fake-signature:${name}`).toString('base64');
    return {
      ...base,
      parts: [part],
      finishReason: 'STOP',
      candidatesTokens: countFakeTokens(name + JSON.stringify(args)),
    };
  }
  const reply = fakeReply(view.echoText, view.maxOutputTokens);
  if (view.json) {
    const value = view.responseSchema
      ? sampleFromSchema(view.responseSchema, reply.text)
      : { echo: reply.text };
    const text = JSON.stringify(value);
    return { ...base, parts: [{ text }], finishReason: 'STOP', candidatesTokens: countFakeTokens(text) };
  }
  return {
    ...base,
    parts: [{ text: reply.text }],
    finishReason: reply.finish === 'length' ? 'MAX_TOKENS' : 'STOP',
    candidatesTokens: reply.outputTokens,
  };
}
