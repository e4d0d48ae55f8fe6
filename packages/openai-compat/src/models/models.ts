import type { ApiKeyRouter } from '@apikeyrouter/core';
import type { Model } from 'openai/resources/models';

/** The answer of `client.models.list()`: `data`, and iterable like the SDK's page. */
export interface ModelList extends AsyncIterable<Model> {
  object: 'list';
  data: Model[];
}

function concrete(pattern: string): boolean {
  return !pattern.includes('*');
}

/**
 * `client.models.list()`: the models this client can route to, as `provider/model` ids — every concrete
 * (non-wildcard) model the client's adapters declare, plus the models keys are limited to. `created` is 0:
 * the router does not know when a provider published a model.
 *
 * @example
 * for await (const model of client.models.list()) console.log(model.id); // 'openai/gpt-4o-mini', …
 */
export class Models {
  readonly #ready: () => Promise<ApiKeyRouter>;
  readonly #declared: ReadonlyMap<string, readonly string[]>;

  /**
   * @param ready Resolves to the router once its providers and keys are registered.
   * @param declared Models per provider id that the client knows from the adapters it registered.
   */
  constructor(ready: () => Promise<ApiKeyRouter>, declared: ReadonlyMap<string, readonly string[]>) {
    this.#ready = ready;
    this.#declared = declared;
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
    const ids = new Set<string>();
    for (const [providerId, models] of this.#declared) {
      for (const model of models) if (concrete(model)) ids.add(`${providerId}/${model}`);
    }
    for (const key of router.listKeys()) {
      for (const model of key.models ?? []) if (concrete(model)) ids.add(`${key.providerId}/${model}`);
    }
    const data: Model[] = [...ids]
      .sort()
      .map((id) => ({ id, object: 'model', created: 0, owned_by: id.slice(0, id.indexOf('/')) }));
    const iterate = async function* () {
      yield* data;
    };
    return { object: 'list', data, [Symbol.asyncIterator]: iterate };
  }
}
