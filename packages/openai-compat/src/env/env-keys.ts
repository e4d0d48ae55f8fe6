/**
 * Key materials for a provider from the environment: each name's singular form (`OPENAI_API_KEY`) and its
 * plural comma-separated form (`OPENAI_API_KEYS=sk-a,sk-b`), trimmed, empty entries dropped, duplicates
 * removed, in order of appearance.
 *
 * @example
 * keysFromEnv({ OPENAI_API_KEYS: 'sk-a, sk-b' }, ['OPENAI_API_KEY']); // ['sk-a', 'sk-b']
 */
export function keysFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): string[] {
  const out = new Set<string>();
  for (const name of names) {
    for (const raw of [env[name], env[`${name}S`]]) {
      if (typeof raw !== 'string') continue;
      for (const part of raw.split(',')) {
        const material = part.trim();
        if (material !== '') out.add(material);
      }
    }
  }
  return [...out];
}

/**
 * A non-empty, trimmed environment value, or undefined.
 *
 * @example
 * envValue({ OPENAI_BASE_URL: ' ' }, 'OPENAI_BASE_URL'); // undefined
 */
export function envValue(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
