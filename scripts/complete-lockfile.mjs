// Why this exists: the npm registry mirror this project is built against serves only the linux-x64 builds of
// Biome's and Turbo's native binaries. `npm install` then writes a package-lock.json without the other
// platforms' optional packages, and `npm ci` refuses it ("Missing: @biomejs/cli-darwin-arm64 from lock file").
// This adds those entries with their os/cpu/libc constraints, so `npm ci` accepts the lockfile and skips them
// on machines they do not fit, exactly as with a lockfile written against the public registry.
// Run after any `npm install` that rewrites package-lock.json: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const platform = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'android-x64': { os: ['android'], cpu: ['x64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'darwin-64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'win32-arm64': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64': { os: ['win32'], cpu: ['x64'] },
  'windows-64': { os: ['win32'], cpu: ['x64'] },
  'windows-arm64': { os: ['win32'], cpu: ['arm64'] },
};
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target]) continue;
    const suffix = Object.keys(platform).find((p) => name.endsWith(`/cli-${p}`) || name.endsWith(`/${p}`));
    if (!suffix)
      throw new Error(`${path}: optional dependency ${name} is missing and its platform is unknown`);
    // Field order as npm writes it: version, then the rest alphabetically.
    const fields = { dev: entry.dev ?? false, optional: true, ...platform[suffix] };
    lock.packages[target] = {
      version,
      ...Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))),
    };
    added++;
  }
}
// Keep npm's own order (root first, then paths sorted), so a later `npm install` leaves the file unchanged.
const [root, ...rest] = Object.keys(lock.packages);
const sorted = { [root]: lock.packages[root] };
for (const key of rest.sort((a, b) => a.localeCompare(b, 'en'))) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
