import type {
  AdapterCall,
  AdapterResponse,
  AdapterStream,
  AdapterStreamPart,
  ClassifyContext,
  EmbedCall,
  EmbedResponse,
  ProviderAdapter,
} from '../contract/provider-adapter.js';
import { SPECIFICATION_VERSION } from '../contract/provider-adapter.js';
import type { RateLimitObservation } from '../contract/rate-limit-observation.js';
import type { RouterError } from '../errors/router-error.js';
import { toRouterError } from '../errors/to-router-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { clampObservation } from '../limits/clamp.js';
import { scrubData } from '../secrets/scrub-data.js';
import { SecretScrubber } from '../secrets/secret-scrubber.js';
import { sanitizeError } from './sanitize-error.js';

const GUARDED = Symbol.for('apikeyrouter.guarded-adapter');
/** Scrubbers kept per guarded adapter (one per key in use, ~10 KB each): 1,024 keys per provider stay warm. */
const MAX_CACHED_SCRUBBERS = 1024;

function failure(
  adapter: ProviderAdapter,
  thrown: unknown,
  scrubber: SecretScrubber,
  call: AdapterCall | EmbedCall,
): RouterError {
  let error: RouterError;
  try {
    error = adapter.classifyError(thrown, { providerId: adapter.id, clock: call.clock });
  } catch (classifyFailure) {
    error = toRouterError(classifyFailure, { providerId: adapter.id });
  }
  return sanitizeError(toRouterError(error, { providerId: adapter.id }), scrubber, call.clock.now());
}

function safeResponse(response: AdapterResponse, scrubber: SecretScrubber, now: number): AdapterResponse {
  const scrub = scrubber.bound;
  // The answer text reaches the caller as `message.content` as it is (it is the model's output, not a
  // field the provider fills), so the same text inside the body needs no scan: the body's longest string.
  const content = response.message.content;
  const scrubBody = (text: string): string => (text === content ? text : scrubber.scrub(text));
  // Scrubbed now, as a plain property: an accessor in a per-request object literal costs more (runtime
  // property definition, closures kept alive) than a copy-on-write walk of a body that holds no secret.
  // Fields written out (a spread followed by more fields is a slow copy on the hot path); the contract's
  // optional fields are added below only when present.
  const out: AdapterResponse = {
    message: response.message,
    finishReason: response.finishReason,
    usage: response.usage,
    model: scrub(String(response.model)),
    raw: scrubData(response.raw, scrubBody),
  };
  if (response.providerRequestId !== undefined)
    out.providerRequestId = scrub(String(response.providerRequestId));
  if (response.rateLimits !== undefined) out.rateLimits = clampObservation(response.rateLimits, now);
  return out;
}

function safeParts(
  adapter: ProviderAdapter,
  parts: AsyncIterable<AdapterStreamPart>,
  scrubber: SecretScrubber,
  call: AdapterCall,
): AsyncIterable<AdapterStreamPart> {
  return {
    [Symbol.asyncIterator]() {
      const inner = parts[Symbol.asyncIterator]();
      return {
        async next() {
          let result: IteratorResult<AdapterStreamPart>;
          try {
            result = await inner.next();
          } catch (thrown) {
            throw failure(adapter, thrown, scrubber, call);
          }
          const part = result.value;
          if (!result.done && part.type === 'finish' && part.model !== undefined) {
            return { done: false, value: { ...part, model: scrubber.scrub(String(part.model)) } };
          }
          return result;
        },
        async return() {
          await inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/**
 * The one boundary between an adapter and the router: every string an upstream can put into a result, a
 * stream part or an error (message, code, type, request id, model, details, the raw body) passes the
 * {@link SecretScrubber} with that call's key, and every time or rate-limit fact is clamped. Anything thrown
 * becomes a RouterError. The router wraps each adapter once, at registration; the adapter itself is not
 * changed, and its other members (e.g. `listModels`) stay reachable.
 *
 * @example
 * const safe = guardAdapter(new OpenAIAdapter());
 * await safe.execute(call); // model, providerRequestId, raw and errors scrubbed of call.apiKey
 */
export function guardAdapter(adapter: ProviderAdapter): ProviderAdapter {
  if ((adapter as unknown as Record<symbol, unknown>)[GUARDED] === true) return adapter;
  if (adapter.specificationVersion !== undefined && adapter.specificationVersion !== SPECIFICATION_VERSION) {
    throw new ValidationError(
      `Unsupported adapter specificationVersion "${String(adapter.specificationVersion)}"`,
      [
        {
          path: 'adapter.specificationVersion',
          message: `expected ${SPECIFICATION_VERSION}`,
          code: 'invalid_value',
        },
      ],
    );
  }
  // Building a scrubber costs more than using it; keys repeat, so each guard keeps a few (bounded).
  const scrubbers = new Map<string, SecretScrubber>();
  const scrubberFor = (key: string): SecretScrubber => {
    let scrubber = scrubbers.get(key);
    if (scrubber === undefined) {
      // Oldest out first (not all at once): a router rotating over more keys than this rebuilds one per call
      // instead of the whole set.
      if (scrubbers.size >= MAX_CACHED_SCRUBBERS) scrubbers.delete(scrubbers.keys().next().value as string);
      scrubber = new SecretScrubber([key]);
      scrubbers.set(key, scrubber);
    }
    return scrubber;
  };
  const guarded = {
    [GUARDED]: true,
    get specificationVersion() {
      return adapter.specificationVersion;
    },
    get id() {
      return adapter.id;
    },
    get capabilities() {
      return adapter.capabilities;
    },
    async execute(call: AdapterCall): Promise<AdapterResponse> {
      const scrubber = scrubberFor(call.apiKey);
      try {
        return safeResponse(await adapter.execute(call), scrubber, call.clock.now());
      } catch (thrown) {
        throw failure(adapter, thrown, scrubber, call);
      }
    },
    async stream(call: AdapterCall): Promise<AdapterStream> {
      const scrubber = scrubberFor(call.apiKey);
      let stream: AdapterStream;
      try {
        stream = await adapter.stream(call);
      } catch (thrown) {
        throw failure(adapter, thrown, scrubber, call);
      }
      const out: AdapterStream = { ...stream, parts: safeParts(adapter, stream.parts, scrubber, call) };
      if (stream.providerRequestId !== undefined)
        out.providerRequestId = scrubber.scrub(String(stream.providerRequestId));
      if (stream.rateLimits !== undefined)
        out.rateLimits = clampObservation(stream.rateLimits, call.clock.now());
      return out;
    },
    parseRateLimits(headers: Headers, now: number): RateLimitObservation {
      return clampObservation(adapter.parseRateLimits(headers, now), now);
    },
    classifyError(error: unknown, context: ClassifyContext): RouterError {
      const classified = toRouterError(adapter.classifyError(error, context), {
        providerId: context.providerId,
      });
      return sanitizeError(classified, new SecretScrubber(), context.clock.now());
    },
  } as ProviderAdapter;
  if (typeof adapter.embed === 'function') {
    const embed = adapter.embed.bind(adapter);
    Object.assign(guarded, {
      async embed(call: EmbedCall): Promise<EmbedResponse> {
        const scrubber = scrubberFor(call.apiKey);
        try {
          const response = await embed(call);
          const scrub = scrubber.bound;
          const out: EmbedResponse = {
            ...response,
            model: scrub(String(response.model)),
            raw: scrubData(response.raw, scrub),
          };
          if (response.rateLimits !== undefined)
            out.rateLimits = clampObservation(response.rateLimits, call.clock.now());
          return out;
        } catch (thrown) {
          throw failure(adapter, thrown, scrubber, call);
        }
      },
    });
  }
  return guarded;
}
