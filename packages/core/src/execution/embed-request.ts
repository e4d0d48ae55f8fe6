import type { EmbedResponse as AdapterEmbedResponse } from '../adapter/provider-adapter.js';
import type { EmbedIntent } from '../embedding/embed-intent.js';
import type { EmbedResponse } from '../embedding/embed-response.js';
import { RouterError } from '../errors/router-error.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import { callFields } from './adapter-call.js';
import { bookAttempt } from './book-attempt.js';
import { completeFailed, completeServed } from './complete-request.js';
import { runAttempts } from './run-attempts.js';

/**
 * Serves a prepared embeddings request through the same loop as chat: candidates whose adapter declares
 * `embeddings`, quota and budget reserved for input tokens, failover and fallback models, deadline and
 * abort, and an explanation.
 *
 * @example
 * const result = await embedRequest(core, request);
 */
export async function embedRequest(
  core: RouterCore,
  request: PreparedRequest<EmbedIntent>,
): Promise<EmbedResponse> {
  const input = request.intent.input;
  const texts = typeof input === 'string' ? [input] : input;
  try {
    const { value: response, live } = await runAttempts<AdapterEmbedResponse>(core, request, (candidate) => {
      if (!candidate.adapter.embed) {
        throw new RouterError(
          'configuration',
          `${candidate.providerId} declares embeddings but has no embed()`,
        );
      }
      return candidate.adapter.embed({ ...callFields(core, request, candidate), input: texts });
    });
    const inputTokens = response.usage.inputTokens;
    const booked = await bookAttempt(core, request, live, {
      ok: true,
      usage: { inputTokens, outputTokens: 0, totalTokens: inputTokens },
      rateLimits: response.rateLimits,
    });
    return {
      ...completeServed(core, request, live, booked, response.model),
      embeddings: response.embeddings,
      usage: { inputTokens: booked.usage.inputTokens },
    };
  } catch (thrown) {
    throw completeFailed(core, request, thrown);
  } finally {
    request.lifetime.dispose();
  }
}
