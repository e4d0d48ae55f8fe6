import { existsSync } from 'node:fs';

/**
 * The Chromium the gateway's browser test drives: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. A missing
 * browser fails with the install command in the message; the test is never skipped.
 *
 * @example
 * const executablePath = chromiumPath();
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  throw new Error(
    `Chromium not found at ${path}: the gateway dashboard browser test needs it. ` +
      'Install it with `apt-get install -y chromium` (as .ci/run does) or set CHROMIUM_PATH.',
  );
}

/** Flags for a quiet, offline, sandbox-free headless Chromium in a container. */
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
