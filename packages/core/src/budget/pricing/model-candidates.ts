const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;
const LATEST_SUFFIX = /-latest$/;

/**
 * The ids a model string may be priced or budgeted under, most specific first: the id as written, without a
 * `provider/` prefix, then without a dated snapshot suffix (`-2024-08-06`, `-20241022`) or `-latest`. Lower case.
 * Four-digit suffixes (`mistral-large-2411`) are versions, not snapshots, and are kept.
 *
 * @example
 * modelCandidates('openai/gpt-4o-2024-08-06'); // ['openai/gpt-4o-2024-08-06', 'gpt-4o-2024-08-06', 'openai/gpt-4o', 'gpt-4o']
 */
export function modelCandidates(model: string): string[] {
  const id = model.trim().toLowerCase();
  const forms = [id];
  const slash = id.indexOf('/');
  if (slash > 0) forms.push(id.slice(slash + 1));
  const out: string[] = [];
  const add = (candidate: string) => {
    if (candidate.length > 0 && !out.includes(candidate)) out.push(candidate);
  };
  for (const form of forms) add(form);
  for (const form of forms) add(form.replace(SNAPSHOT_SUFFIX, '').replace(LATEST_SUFFIX, ''));
  return out;
}

/**
 * Whether a model budget's `scopeId` covers `model` (served by `providerId`): the scope id equals one of the
 * model's candidates, so `gpt-4o` covers `gpt-4o-2024-08-06` and `openai/gpt-4o`, but not the other way round.
 *
 * @example
 * modelMatches('gpt-4o', 'gpt-4o-2024-08-06'); // true
 * modelMatches('openai/gpt-4o', 'gpt-4o', 'openai'); // true
 * modelMatches('gpt-4o', 'gpt-4o-mini'); // false
 */
export function modelMatches(scopeId: string, model: string, providerId?: string): boolean {
  const wanted = scopeId.trim().toLowerCase();
  if (modelCandidates(model).includes(wanted)) return true;
  return providerId !== undefined && modelCandidates(`${providerId}/${model}`).includes(wanted);
}
