/**
 * Features a provider (or one of its models) supports. A candidate lacking what an intent needs is filtered.
 *
 * @example
 * ```ts
 * const caps: ModelCapabilities = resolveModelCapabilities(adapter.capabilities, 'gpt-3.5-turbo');
 * if (intent.tools && !caps.tools) console.log('this model cannot call tools');
 * ```
 */
export interface ModelCapabilities {
  /** Server-sent streaming of the answer. */
  streaming: boolean;
  /** Tool (function) calling. */
  tools: boolean;
  /** Image inputs. */
  vision: boolean;
  /** JSON output mode (`responseFormat: { type: 'json' }`). */
  jsonMode: boolean;
  /** JSON-schema constrained output (`responseFormat: { type: 'json_schema' }`). Defaults to `jsonMode`. */
  jsonSchema?: boolean;
  /** Embeddings endpoint. */
  embeddings: boolean;
}

/**
 * What an adapter declares about itself.
 *
 * @example
 * const capabilities: AdapterCapabilities = {
 *   streaming: true, tools: true, vision: true, jsonMode: true, embeddings: true,
 *   models: ['gpt-4o', 'gpt-4o-mini'],
 *   perModel: { 'gpt-3.5-turbo': { vision: false } },
 * };
 */
export interface AdapterCapabilities extends ModelCapabilities {
  /**
   * Models this provider serves. Entries ending in `*` match by prefix. When omitted, the provider serves a
   * model only if a key lists it or the intent names the provider explicitly.
   */
  models?: readonly string[];
  /** Per-model differences from the provider-wide capabilities (keys are model ids or `prefix*`). */
  perModel?: Readonly<Record<string, Partial<ModelCapabilities>>>;
}

/**
 * True when `model` matches a list entry (exact, or by prefix for entries ending in `*`).
 *
 * @example
 * ```ts
 * modelMatches(['gpt-4o*', 'o3'], 'gpt-4o-mini'); // true: prefix entry
 * modelMatches(['gpt-4o*', 'o3'], 'o3-mini'); // false: `o3` matches only itself
 * ```
 */
export function modelMatches(entries: readonly string[], model: string): boolean {
  for (const entry of entries) {
    if (entry.endsWith('*') ? model.startsWith(entry.slice(0, -1)) : entry === model) return true;
  }
  return false;
}

/**
 * Capabilities of one model: the provider-wide ones overridden by the most specific `perModel` entry.
 *
 * @example
 * resolveModelCapabilities(adapter.capabilities, 'gpt-3.5-turbo').vision; // false
 */
export function resolveModelCapabilities(caps: AdapterCapabilities, model: string): ModelCapabilities {
  const base: ModelCapabilities = {
    streaming: caps.streaming,
    tools: caps.tools,
    vision: caps.vision,
    jsonMode: caps.jsonMode,
    jsonSchema: caps.jsonSchema ?? caps.jsonMode,
    embeddings: caps.embeddings,
  };
  if (!caps.perModel) return base;
  const exact = caps.perModel[model];
  if (exact) return { ...base, ...exact };
  let best: Partial<ModelCapabilities> | undefined;
  let bestLength = -1;
  for (const [pattern, override] of Object.entries(caps.perModel)) {
    if (pattern.endsWith('*') && model.startsWith(pattern.slice(0, -1)) && pattern.length > bestLength) {
      best = override;
      bestLength = pattern.length;
    }
  }
  return best ? { ...base, ...best } : base;
}
