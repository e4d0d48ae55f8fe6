/**
 * prom-client hashes a label object on every `inc`/`observe` with labels; the gateway's per-request series keep
 * each label set's child instead, found by a string id. Label values are bounded (routes, statuses, configured
 * providers, served models, virtual keys), and the cache is cleared past `limit` all the same.
 *
 * @example
 * const requests = new ChildCache((s: RequestSample) => counter.labels({ route: s.route }));
 * requests.get(sample.route, sample).inc();
 */
export class ChildCache<A, T> {
  readonly #children = new Map<string, T>();
  readonly #create: (arg: A) => T;
  readonly #limit: number;

  constructor(create: (arg: A) => T, limit = 1024) {
    this.#create = create;
    this.#limit = limit;
  }

  /** The child for `id`, made from `arg` the first time (the factory takes it so no closure is built per call). */
  get(id: string, arg: A): T {
    let child = this.#children.get(id);
    if (child === undefined) {
      if (this.#children.size >= this.#limit) this.#children.clear();
      child = this.#create(arg);
      this.#children.set(id, child);
    }
    return child;
  }
}
