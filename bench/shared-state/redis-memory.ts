/**
 * Redis memory per router key, for docs/scaling.md sizing: 100 keys, each with a full minute window (one
 * request per second for 62 s), a day of 15-minute buckets, learned facts and a persisted key state.
 * Run: node --conditions=@apikeyrouter/source --import tsx bench/shared-state/redis-memory.ts
 */

import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { Redis } from 'ioredis';

const KEYS = 100;
const redis = await startRedisServer();
const client = new Redis(redis.url);
const used = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
const stores = await createRedisStores({ url: redis.url, prefix: 'mem' });
const before = await used();
const T0 = Date.UTC(2026, 0, 1);
const amounts = { requests: 1, inputTokens: 500, outputTokens: 200 };
for (let k = 0; k < KEYS; k++) {
  const keyId = `openai_${k.toString(16).padStart(12, '0')}`;
  await stores.keys.compareAndSet(
    {
      keyId,
      providerId: 'openai',
      state: 'available',
      context: { consecutiveFailures: 0, openCount: 0, reason: 'registered' },
      stateSince: T0,
      version: 1,
      history: [],
    } as never,
    0,
  );
  await stores.quota.observe(
    keyId,
    { learnedLimits: { requests_per_minute: 500, tokens_per_minute: 30_000 } },
    T0,
  );
  // A day of traffic in 15-minute buckets, then a full minute of 1-second buckets.
  for (let b = 0; b < 96; b++) {
    const now = T0 + b * 900_000;
    await stores.quota.reserve({
      keyId,
      reservationId: `d${b}`,
      amounts,
      limits: {},
      now,
      expiresAt: now + 1,
    });
    await stores.quota.commit({ keyId, reservationId: `d${b}`, actual: amounts, now });
  }
  for (let s = 0; s < 62; s++) {
    const now = T0 + 95 * 900_000 + s * 1_000;
    await stores.quota.reserve({
      keyId,
      reservationId: `m${s}`,
      amounts,
      limits: {},
      now,
      expiresAt: now + 1,
    });
    await stores.quota.commit({ keyId, reservationId: `m${s}`, actual: amounts, now });
  }
}
const perKey = Math.round(((await used()) - before) / KEYS);
console.log(JSON.stringify({ keys: KEYS, bytesPerKey: perKey }));
await stores.close();
client.disconnect();
await redis.stop();
