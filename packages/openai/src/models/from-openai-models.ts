/**
 * One model as `GET /models` lists it.
 *
 * @example
 * ```ts
 * const res = await fetch('https://api.openai.com/v1/models', { headers: { authorization: `Bearer ${apiKey}` } });
 * const models: OpenAIModelInfo[] = fromOpenAIModels(await res.json());
 * console.log(models.map((m) => m.id)); // ['gpt-4o', 'gpt-4o-mini', …]
 * ```
 */
export interface OpenAIModelInfo {
  /**
   * Model id to put in an intent.
   * @example 'gpt-4o-mini'
   */
  id: string;
  /**
   * Owner, when listed.
   * @example 'system'
   */
  ownedBy?: string;
  /**
   * Creation instant in epoch ms, when listed.
   * @example 1721172741000
   */
  created?: number;
}

/**
 * Reads a `GET /models` list body; entries without an id are skipped.
 *
 * @example
 * fromOpenAIModels({ object: 'list', data: [{ id: 'gpt-4o', owned_by: 'system', created: 1 }] });
 * // [{ id: 'gpt-4o', ownedBy: 'system', created: 1000 }]
 */
export function fromOpenAIModels(body: unknown): OpenAIModelInfo[] {
  const data =
    (typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined) ?? [];
  if (!Array.isArray(data)) return [];
  const out: OpenAIModelInfo[] = [];
  for (const entry of data as Array<{ id?: unknown; owned_by?: unknown; created?: unknown }>) {
    if (typeof entry !== 'object' || entry === null || typeof entry.id !== 'string') continue;
    const info: OpenAIModelInfo = { id: entry.id };
    if (typeof entry.owned_by === 'string') info.ownedBy = entry.owned_by;
    if (typeof entry.created === 'number') info.created = entry.created * 1000;
    out.push(info);
  }
  return out;
}
