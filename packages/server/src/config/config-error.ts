/**
 * One problem in a config file: where and why.
 *
 * @example
 * ```ts
 * try {
 *   parseConfig(text, process.env, 'gateway.yaml');
 * } catch (error) {
 *   if (!(error instanceof ConfigError)) throw error;
 *   const issues: readonly ConfigIssue[] = error.issues;
 *   for (const { path, message } of issues) console.error(`${path}: ${message}`); // keys.0.provider: unknown provider "opnai"
 * }
 * ```
 */
export interface ConfigIssue {
  /** Dotted path in the config, e.g. `keys.0.provider`, or `(file)` for read/parse errors. */
  path: string;
  /** What is wrong. Never contains a secret value. */
  message: string;
}

/**
 * A config file that cannot be used. `issues` lists every problem; the message never contains values, so it is
 * safe to print (secrets come from `${ENV}` and must not end up in logs).
 *
 * @example
 * try { await loadConfigFile('gateway.yaml'); } catch (e) { if (e instanceof ConfigError) console.error(e.format()); }
 */
export class ConfigError extends Error {
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];

  constructor(source: string, issues: readonly ConfigIssue[]) {
    super(`Invalid config ${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }

  /** The message and one line per issue: `  path: reason`. */
  format(): string {
    return [this.message, ...this.issues.map((issue) => `  ${issue.path}: ${issue.message}`)].join('\n');
  }
}
