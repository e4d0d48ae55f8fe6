/**
 * How a request wants the cache used: the `x-apikeyrouter-cache` header (`max-age=N`, `no-cache` to skip
 * reading, `no-store` to skip both) over the virtual key's default max-age. Returns the max-age in ms to store
 * with (0 = don't store) and whether to read.
 *
 * @example
 * cacheDirective('max-age=60', undefined); // { read: true, storeMs: 60000 }
 */
export function cacheDirective(
  header: string | undefined,
  defaultSeconds: number | undefined,
): { read: boolean; storeMs: number } {
  let seconds = defaultSeconds ?? 0;
  let read = seconds > 0;
  if (header !== undefined && header.length <= 200) {
    for (const raw of header.split(',')) {
      const part = raw.trim().toLowerCase();
      const maxAge = /^max-age=(\d{1,12})$/.exec(part);
      if (maxAge) {
        seconds = Math.min(Number(maxAge[1]), 86_400);
        read = seconds > 0;
      } else if (part === 'no-cache') {
        read = false;
      } else if (part === 'no-store') {
        return { read: false, storeMs: 0 };
      }
    }
  }
  return { read, storeMs: seconds * 1000 };
}
