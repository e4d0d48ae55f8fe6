import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests drive: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. A missing browser is
 * an error with the fix in its message, never a skipped test (`.ci/run` installs it with apt).
 *
 * @example
 * const executablePath = chromiumPath();
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const where = process.env.CI === 'true' ? 'CI (CI=true)' : 'this machine';
  throw new Error(
    `Chromium not found at ${path} on ${where}: the browser tests need it. ` +
      'Install it with `apt-get install -y chromium` (as .ci/run does) or set CHROMIUM_PATH.',
  );
}

/**
 * Flags for a quiet, offline, sandbox-free headless Chromium in a container.
 *
 * @example
 * chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;
