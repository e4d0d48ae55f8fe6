/**
 * The resource path of a model: `models/<id>` for base models, kept as is for `tunedModels/<id>`. A leading
 * `models/` in the id (as ListModels returns names) is accepted.
 *
 * @example
 * geminiModelPath('gemini-2.5-flash'); // 'models/gemini-2.5-flash'
 */
export function geminiModelPath(model: string): string {
  if (model.startsWith('tunedModels/')) return `tunedModels/${encodeURIComponent(model.slice(12))}`;
  const id = model.startsWith('models/') ? model.slice(7) : model;
  return `models/${encodeURIComponent(id)}`;
}

/**
 * True for Gemma models, which the Gemini API serves without system instructions, tools or JSON mode.
 *
 * @example
 * isGemmaModel('gemma-3-27b-it'); // true
 */
export function isGemmaModel(model: string): boolean {
  return /^(models\/)?gemma-/.test(model);
}
