/** A parsed command line. */
export type CliCommand =
  | { command: 'serve'; config: string; port?: number; host?: string }
  | { command: 'check'; config: string }
  | { command: 'help' }
  | { command: 'error'; message: string };

/** The usage text of `apikeyrouter --help`. */
export const USAGE = `Usage:
  apikeyrouter serve --config <file> [--port N] [--host H]   start the gateway
  apikeyrouter check --config <file>                          validate and print the resolved config (no secrets)
  apikeyrouter --help                                         this text

serve prints "listening on http://HOST:PORT" when ready, reloads the config on file change and SIGHUP
(a bad new config keeps the old one running) and drains in-flight requests on SIGTERM.`;

/**
 * Parses `apikeyrouter` arguments.
 *
 * @example
 * parseArgs(['serve', '--config', 'gateway.yaml', '--port', '0']);
 */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help' };
  }
  if (command !== 'serve' && command !== 'check')
    return { command: 'error', message: `unknown command "${command}"` };
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] ?? '';
    if (flag === '--help' || flag === '-h') return { command: 'help' };
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    const value = eq > 0 ? flag.slice(eq + 1) : rest[++i];
    if (!['--config', '--port', '--host'].includes(name) || (command === 'check' && name !== '--config')) {
      return { command: 'error', message: `unknown option "${name}"` };
    }
    if (value === undefined) return { command: 'error', message: `${name} needs a value` };
    flags.set(name, value);
  }
  const config = flags.get('--config');
  if (config === undefined) return { command: 'error', message: '--config <file> is required' };
  if (command === 'check') return { command, config };
  const out: CliCommand = { command, config };
  const port = flags.get('--port');
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535)
      return { command: 'error', message: '--port must be 0-65535' };
    out.port = Number(port);
  }
  const host = flags.get('--host');
  if (host !== undefined) out.host = host;
  return out;
}
