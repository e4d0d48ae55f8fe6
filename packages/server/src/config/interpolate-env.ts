/**
 * A `${NAME}` reference to an environment variable that is not set.
 *
 * @example
 * ```ts
 * const { missing } = interpolateEnv({ keys: [{ key: '${OPENAI_KEY}' }] }, {});
 * const first: MissingVariable | undefined = missing[0]; // { path: 'keys.0.key', name: 'OPENAI_KEY' }
 * ```
 */
export interface MissingVariable {
  /** Where in the config, e.g. `keys.0.key`. */
  path: string;
  /** The variable's name. */
  name: string;
}

/**
 * Replaces every `${NAME}` in the config's string values with the environment variable's value. Only string
 * values are touched (never keys), so a variable cannot inject structure. `$${NAME}` stays a literal `${NAME}`.
 *
 * @example
 * interpolateEnv({ key: '${OPENAI_KEY}' }, { OPENAI_KEY: 'sk-…' }); // { value: { key: 'sk-…' }, missing: [] }
 */
export function interpolateEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const walk = (node: unknown, path: string[]): unknown => {
    if (typeof node === 'string') return substitute(node, env, path.join('.'), missing);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, String(index)]));
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, [...path, key]);
      return out;
    }
    return node;
  };
  return { value: walk(value, []), missing };
}

function substitute(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  missing: MissingVariable[],
): string {
  return text.replace(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, dollar: string, name: string) => {
    if (dollar === '$') return match.slice(1);
    const found = env[name];
    if (found === undefined) {
      missing.push({ path: path || '(root)', name });
      return '';
    }
    return found;
  });
}
