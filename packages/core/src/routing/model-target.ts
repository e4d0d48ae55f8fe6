/** Where a model string points: an optional provider and the provider's model id. */
export interface ModelTarget {
  /** Provider named by a `provider/` prefix or `intent.providerId`; undefined = any provider serving it. */
  providerId: string | undefined;
  /** Model id as the provider knows it. */
  model: string;
}

/**
 * Splits `anthropic/claude-3-5-haiku` into provider and model — only when the prefix is a registered provider,
 * because model ids such as `meta-llama/Llama-3-8b` contain slashes of their own.
 *
 * @example
 * resolveModelTarget('anthropic/claude-3-5-haiku', new Set(['anthropic'])); // { providerId: 'anthropic', model: 'claude-3-5-haiku' }
 */
export function resolveModelTarget(
  model: string,
  providers: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  explicitProvider?: string,
): ModelTarget {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    if (providers.has(prefix)) return { providerId: prefix, model: model.slice(slash + 1) };
  }
  return { providerId: explicitProvider, model };
}
