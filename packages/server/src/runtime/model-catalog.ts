import { type KeyInfo, modelMatches, type ProviderAdapter } from '@apikeyrouter/core';

/** One model the gateway can serve, as `/v1/models` lists it. */
export interface CatalogModel {
  /** Model id. */
  id: string;
  /** Provider id that serves it. */
  ownedBy: string;
}

interface KeyModels {
  providerId: string;
  /** Model patterns this key serves; undefined serves any model. */
  models: readonly string[] | undefined;
}

/**
 * What the registered keys serve: for `/v1/models` and to answer an unknown model with 404 before routing.
 * A key serves the models it lists, else its adapter's models; with neither it serves any model.
 *
 * @example
 * const catalog = new ModelCatalog(router.listKeys(), adapters);
 * catalog.serves('gpt-4o-mini'); // true
 */
export class ModelCatalog {
  readonly #keys: KeyModels[];
  readonly #providers: ReadonlySet<string>;
  readonly #known = new Map<string, boolean>();

  constructor(keys: readonly KeyInfo[], adapters: ReadonlyMap<string, ProviderAdapter>) {
    this.#providers = new Set(adapters.keys());
    this.#keys = keys.map((key) => ({
      providerId: key.providerId,
      models: key.models ?? adapters.get(key.providerId)?.capabilities.models,
    }));
  }

  /** True when some key can serve the model (plain, or `provider/model`). Memoised (bounded). */
  serves(model: string): boolean {
    const known = this.#known.get(model);
    if (known !== undefined) return known;
    const slash = model.indexOf('/');
    const provider = slash > 0 ? model.slice(0, slash) : undefined;
    const explicit = provider !== undefined && this.#providers.has(provider);
    const name = explicit ? model.slice(slash + 1) : model;
    const result = this.#keys.some(
      (key) =>
        (!explicit || key.providerId === provider) &&
        (key.models === undefined || modelMatches(key.models, name)),
    );
    if (this.#known.size < 10_000) this.#known.set(model, result);
    return result;
  }

  /** Models with exact names (prefix patterns cannot be listed), first provider wins. */
  list(): CatalogModel[] {
    const out = new Map<string, CatalogModel>();
    for (const key of this.#keys) {
      for (const model of key.models ?? []) {
        if (!model.endsWith('*') && !out.has(model)) out.set(model, { id: model, ownedBy: key.providerId });
      }
    }
    return [...out.values()];
  }
}
