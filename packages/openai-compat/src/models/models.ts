import type { ApiKeyRouter, Clock, RouterError } from '@apikeyrouter/core';
import type { OpenAIModelInfo } from '@apikeyrouter/openai';
import type { Model } from 'openai/resources/models';
import { toOpenAIError } from '../errors/to-openai-error.js';

/**
 * Lists one provider's models live (`GET /models`), with a key the client holds.
 *
 * @example
 * const lister: ModelLister = { providerId: 'openai', list: (clock) => adapter.listModels({ apiKey, clock }), classify: (e, clock) => adapter.classifyError(e, { providerId: 'openai', clock }) };
 */
export interface ModelLister {
  /** Provider id the models belong to. */
  providerId: string;
  /** Fetches the list. */
  list(clock: Clock): Promise<OpenAIModelInfo[]>;
  /** Categorises a failure of `list`. */
  classify(error: unknown, clock: Clock): RouterError;
}

/**
 * The answer of `client.models.list()`: `data`, and iterable like the SDK's page.
 *
 * @example
 * const { data }: ModelList = await client.models.list();
 */
export interface ModelList extends AsyncIterable<Model> {
  object: 'list';
  data: Model[];
}

function concrete(pattern: string): boolean {
  return !pattern.includes('*');
}

/**
 * `client.models.list()`: the models this client can route to, as `provider/model` ids — what each
 * OpenAI-compatible provider's `GET /models` lists (for a client built from the environment), every concrete
 * (non-wildcard) model the adapters declare, and the models keys are limited to. `created` is the
 * provider's when it lists one, else 0.
 *
 * @example
 * for await (const model of client.models.list()) console.log(model.id); // 'openai/gpt-4o-mini', …
 */
export class Models {
  readonly #ready: () => Promise<ApiKeyRouter>;
  readonly #declared: ReadonlyMap<string, readonly string[]>;
  readonly #listers: readonly ModelLister[];

  /**
   * @param ready Resolves to the router once its providers and keys are registered.
   * @param declared Models per provider id that the client knows from the adapters it registered.
   * @param listers Live listers for the providers the client registered itself.
   */
  constructor(
    ready: () => Promise<ApiKeyRouter>,
    declared: ReadonlyMap<string, readonly string[]>,
    listers: readonly ModelLister[] = [],
  ) {
    this.#ready = ready;
    this.#declared = declared;
    this.#listers = listers;
  }

  /**
   * Lists routable models. Awaitable (`(await client.models.list()).data`) and async-iterable.
   *
   * @example
   * const { data } = await client.models.list();
   */
  list(): Promise<ModelList> & AsyncIterable<Model> {
    const listed = this.#list();
    listed.catch(() => undefined);
    const iterate = async function* () {
      yield* (await listed).data;
    };
    return Object.assign(listed, { [Symbol.asyncIterator]: iterate });
  }

  async #list(): Promise<ModelList> {
    const router = await this.#ready();
    const created = new Map<string, number>();
    for (const lister of this.#listers) {
      let listed: OpenAIModelInfo[];
      try {
        listed = await lister.list(router.clock);
      } catch (error) {
        throw toOpenAIError(lister.classify(error, router.clock));
      }
      for (const model of listed) {
        created.set(`${lister.providerId}/${model.id}`, Math.floor((model.created ?? 0) / 1000));
      }
    }
    const ids = new Set<string>(created.keys());
    for (const [providerId, models] of this.#declared) {
      for (const model of models) if (concrete(model)) ids.add(`${providerId}/${model}`);
    }
    for (const key of router.listKeys()) {
      for (const model of key.models ?? []) if (concrete(model)) ids.add(`${key.providerId}/${model}`);
    }
    const data: Model[] = [...ids].sort().map((id) => ({
      id,
      object: 'model',
      created: created.get(id) ?? 0,
      owned_by: id.slice(0, id.indexOf('/')),
    }));
    const iterate = async function* () {
      yield* data;
    };
    return { object: 'list', data, [Symbol.asyncIterator]: iterate };
  }
}
