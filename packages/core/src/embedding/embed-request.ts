import type { EmbedResponse } from '../adapter/provider-adapter.js';
import { RouterError } from '../errors/router-error.js';
import { runAttempts } from '../execution/attempt-loop.js';
import { callFields, completeWithError, completeWithSuccess } from '../execution/key-outcome.js';
import { prepareRequest, type RouteOptions } from '../execution/prepared-request.js';
import { settleSuccess } from '../execution/settle-success.js';
import type { RouterCore } from '../router/router-core.js';
import type { ObjectiveInput } from '../routing/objective.js';
import { parseEmbedIntent } from './embed-intent.js';
import type { EmbedResult } from './embed-response.js';

/**
 * Routes an embeddings request through the same machinery as chat: candidates whose adapter declares
 * `embeddings`, quota and budget reserved before the call (input tokens only), failover and fallback models,
 * deadline and abort, and an explanation.
 *
 * @example
 * const result = await embedRequest(core, { model: 'text-embedding-3-small', input: ['a'] }, 'cost');
 */
export async function embedRequest(
  core: RouterCore,
  input: unknown,
  objective: ObjectiveInput | undefined,
  options: RouteOptions | undefined,
): Promise<EmbedResult> {
  const intent = parseEmbedIntent(input);
  const texts = typeof intent.input === 'string' ? [intent.input] : intent.input;
  // The shared request preparation validates a chat intent; an embedding is "one user message" for the
  // token estimate, with no output tokens.
  const request = prepareRequest(
    core,
    {
      model: intent.model,
      messages: [{ role: 'user', content: texts.join('\n') }],
      ...(intent.providerId ? { providerId: intent.providerId } : {}),
      ...(intent.fallbackModels ? { fallbackModels: intent.fallbackModels } : {}),
      ...(intent.tags ? { tags: intent.tags } : {}),
      ...(intent.deadlineMs ? { deadlineMs: intent.deadlineMs } : {}),
    },
    objective,
    options,
    false,
  );
  request.needs = ['embeddings'];
  request.estimate = { inputTokens: request.estimate.inputTokens, outputTokens: 0 };
  try {
    const win = await runAttempts<EmbedResponse>(core, request, (candidate) => {
      if (!candidate.adapter.embed) {
        throw new RouterError(
          'configuration',
          `${candidate.providerId} declares embeddings but has no embed()`,
        );
      }
      return candidate.adapter.embed({ ...callFields(core, request, candidate), input: texts });
    });
    const response = win.value;
    const { cost, latencyMs, usage } = await settleSuccess(
      core,
      request,
      win,
      { inputTokens: response.usage.inputTokens, outputTokens: 0, totalTokens: response.usage.inputTokens },
      response.rateLimits,
    );
    completeWithSuccess(
      core,
      request,
      win.candidate,
      response.model || win.candidate.model,
      latencyMs,
      cost.amount,
    );
    return {
      embeddings: response.embeddings,
      usage: { inputTokens: usage.inputTokens },
      cost,
      keyUsed: win.candidate.keyId,
      providerId: win.candidate.providerId,
      model: response.model || win.candidate.model,
      latencyMs,
      attempts: request.attempts.length,
      explanation: win.explanation,
      requestId: request.requestId,
    };
  } catch (thrown) {
    throw completeWithError(core, request, thrown);
  } finally {
    request.dispose();
  }
}
