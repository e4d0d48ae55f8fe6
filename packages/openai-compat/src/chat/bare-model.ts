import type { ApiKeyRouter, RequestIntent } from '@apikeyrouter/core';

const MAX_REMEMBERED = 512;

/**
 * Sends bare model names that no registered provider declares to OpenAI, as the `openai` SDK would: a new
 * or unlisted OpenAI model (`gpt-unlisted`) still reaches OpenAI, and an unknown one gets OpenAI's own 404.
 * `provider/model` names and bare names some provider declares (`claude-…` → Anthropic) route as usual.
 * The answer per model is remembered (bounded) because finding it takes a dry run.
 *
 * @example
 * const bare = new BareModelRouting();
 * const intent = bare.apply(router, { model: 'gpt-unlisted', messages });
 * intent.providerId; // 'openai'
 */
export class BareModelRouting {
  readonly #toOpenAI = new Map<string, boolean>();

  /** The intent, with `providerId: 'openai'` when its bare model would otherwise find no candidate. */
  apply<T extends Pick<RequestIntent, 'model' | 'providerId'>>(router: ApiKeyRouter, intent: T): T {
    if (intent.providerId !== undefined || typeof intent.model !== 'string') return intent;
    const providers = router.listProviders();
    if (!providers.includes('openai')) return intent;
    const slash = intent.model.indexOf('/');
    if (slash > 0 && providers.includes(intent.model.slice(0, slash))) return intent;
    const cacheKey = `${providers.join(',')}|${intent.model}`;
    let toOpenAI = this.#toOpenAI.get(cacheKey);
    if (toOpenAI === undefined) {
      try {
        const probe = { model: intent.model, messages: [{ role: 'user' as const, content: '' }] };
        toOpenAI = router.explain(probe).candidates.length === 0;
      } catch {
        return intent; // the router reports the bad model itself when the call is made
      }
      if (this.#toOpenAI.size >= MAX_REMEMBERED) this.#toOpenAI.clear();
      this.#toOpenAI.set(cacheKey, toOpenAI);
    }
    return toOpenAI ? { ...intent, providerId: 'openai' } : intent;
  }
}
