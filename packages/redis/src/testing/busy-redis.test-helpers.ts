import { Redis } from 'ioredis';

/**
 * Keeps Redis busy for `ms` (one Lua loop on its clock): commands sent meanwhile run after it. Resolves once
 * the loop is running, with the promise of its end (wrapped: an async function would wait for it).
 *
 * @example
 * const { done } = await busyRedis(url, 1_000); // calls time out meanwhile
 * await done;
 */
export async function busyRedis(url: string, ms: number): Promise<{ done: Promise<unknown> }> {
  const admin = new Redis(url, { lazyConnect: true });
  await admin.connect();
  const loop = `local t = redis.call('TIME'); local start = t[1] * 1000 + t[2] / 1000
while true do t = redis.call('TIME'); if t[1] * 1000 + t[2] / 1000 - start > tonumber(ARGV[1]) then break end end
return 1`;
  const running = admin.eval(loop, 0, String(ms)).finally(() => admin.disconnect());
  // The loop is on the wire; give Redis a moment to start it before the caller's command follows.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { done: running };
}
