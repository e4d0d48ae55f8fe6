import { ConfigError } from '../config/config-error.js';
import { loadConfigFile } from '../config/load-config.js';
import { redactConfig } from '../config/redact-config.js';
import { startGateway } from '../server/start-gateway.js';
import { parseArgs, USAGE } from './parse-args.js';

/**
 * Where the CLI writes.
 *
 * @example
 * ```ts
 * // Run the CLI in-process (as the tests do) and keep what it prints.
 * const printed: string[] = [];
 * const io: CliIO = { out: (text) => printed.push(text), err: (text) => printed.push(text), env: process.env };
 * const exitCode = await runCli(['check', '--config', 'gateway.yaml'], io);
 * ```
 */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs `apikeyrouter` with arguments; resolves the exit code (serve resolves 0 once listening and keeps
 * running). Problems print as `path: reason` lines, never with a stack.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { out: console.log, err: console.error, env: process.env });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (parsed.command === 'error') {
    io.err(`apikeyrouter: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (parsed.command === 'check') {
      const config = await loadConfigFile(parsed.config, io.env);
      io.out(JSON.stringify(redactConfig(config), null, 2));
      io.out('config OK');
      return 0;
    }
    const running = await startGateway({
      configFile: parsed.config,
      env: io.env,
      watch: true,
      signals: true,
      ...(parsed.port !== undefined ? { port: parsed.port } : {}),
      ...(parsed.host !== undefined ? { host: parsed.host } : {}),
    });
    io.out(`apikeyrouter listening on ${running.url}`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.format());
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`apikeyrouter: ${code ? `failed to start (${code})` : 'failed to start'}`);
    return 1;
  }
}
