import { chunkText } from '../../simulation/fake-reply.js';
import type { GeminiAnswer, GeminiAnswerPart } from './gemini-answer.js';

type Json = Record<string, unknown>;

const SAFETY_RATINGS = [
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
];

/**
 * `usageMetadata` as Gemini reports it: thinking tokens apart from `candidatesTokenCount` but inside
 * `totalTokenCount`, with a per-modality prompt breakdown.
 *
 * @example
 * geminiUsage({ promptTokens: 3, candidatesTokens: 5 }); // { promptTokenCount: 3, candidatesTokenCount: 5, totalTokenCount: 8, … }
 */
export function geminiUsage(
  answer: Pick<GeminiAnswer, 'promptTokens' | 'candidatesTokens' | 'thoughtsTokens'>,
): Json {
  const usage: Json = {
    promptTokenCount: answer.promptTokens,
    candidatesTokenCount: answer.candidatesTokens,
    totalTokenCount: answer.promptTokens + answer.candidatesTokens + (answer.thoughtsTokens ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: answer.promptTokens }],
  };
  if (answer.thoughtsTokens !== undefined) usage.thoughtsTokenCount = answer.thoughtsTokens;
  return usage;
}

function candidate(parts: GeminiAnswerPart[], finishReason?: string): Json {
  const out: Json = { content: { parts, role: 'model' } };
  if (finishReason !== undefined) out.finishReason = finishReason;
  out.index = 0;
  return out;
}

/**
 * A complete `generateContent` answer.
 *
 * @example
 * generateContentBody(answer, 'gemini-2.0-flash', 'resp-1').candidates; // [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }]
 */
export function generateContentBody(answer: GeminiAnswer, model: string, responseId: string): Json {
  return {
    candidates: [candidate(answer.parts, answer.finishReason)],
    usageMetadata: geminiUsage(answer),
    modelVersion: model,
    responseId,
  };
}

/**
 * The SSE chunks of a streamed answer: text split into small pieces (function calls whole, as Gemini sends
 * them), each chunk a full GenerateContentResponse; the last carries `finishReason` and the final usage.
 *
 * @example
 * streamChunks(answer, 'gemini-2.0-flash', 'resp-1').at(-1)?.candidates; // [{ …, finishReason: 'STOP' }]
 */
export function streamChunks(answer: GeminiAnswer, model: string, responseId: string, size = 8): Json[] {
  const pieces: GeminiAnswerPart[] = answer.parts.flatMap((part) =>
    'text' in part ? chunkText(part.text, size).map((text): GeminiAnswerPart => ({ text })) : [part],
  );
  const running = { promptTokenCount: answer.promptTokens, totalTokenCount: answer.promptTokens };
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    return {
      candidates: [candidate([piece], last ? answer.finishReason : undefined)],
      usageMetadata: last ? geminiUsage(answer) : running,
      modelVersion: model,
      responseId,
    };
  });
}

/**
 * An answer stopped by the safety filter: no content, `finishReason: SAFETY`, a blocked rating.
 *
 * @example
 * safetyBlockedBody(3, 'gemini-2.0-flash', 'resp-1').candidates; // [{ finishReason: 'SAFETY', index: 0, safetyRatings: […] }]
 */
export function safetyBlockedBody(promptTokens: number, model: string, responseId: string): Json {
  return {
    candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: SAFETY_RATINGS }],
    usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
    modelVersion: model,
    responseId,
  };
}

/**
 * A prompt refused outright: no candidates, `promptFeedback.blockReason`.
 *
 * @example
 * blockedPromptBody(3, 'gemini-2.0-flash', 'resp-1').promptFeedback; // { blockReason: 'SAFETY', safetyRatings: […] }
 */
export function blockedPromptBody(promptTokens: number, model: string, responseId: string): Json {
  return {
    promptFeedback: { blockReason: 'SAFETY', safetyRatings: SAFETY_RATINGS },
    usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
    modelVersion: model,
    responseId,
  };
}
