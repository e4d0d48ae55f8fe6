import { LuaScript } from '../connection/lua-script.js';

/*
 * Quota data of one router key, all under the hash tag `{<prefix>:<keyId>}` (one Cluster slot):
 *   KEYS[1] …:m  minute buckets (1 s): field = bucket index, value = "requests tokens input output"
 *   KEYS[2] …:d  day buckets (15 min): field = bucket index, value = "requests tokens"
 *   KEYS[3] …:h  live holds: field = reservation id, value = "createdAt expiresAt requests input output"
 *   KEYS[4] …:f  provider facts: bu (blocked until), bd (its dimension index), l1..l7 learned limits
 *   KEYS[5] …:k  marker: the store has something for this key
 *   KEYS[6] …:state  the key's persisted state (reserve only; see the key store): field v = its version
 * Instants are on the Redis server clock (the caller maps its own). A bucket b counts while b > current − slots
 * (62 minute slots, 98 day slots): the same conservative rounding as the in-memory BucketRing.
 */
const COMMON = `
local MINUTE_MS, MINUTE_SLOTS, DAY_MS, DAY_SLOTS = 1000, 62, 900000, 98
local TTL_MS = 90000000
local function nums(text)
  local out = {}
  for v in string.gmatch(text, '%S+') do out[#out + 1] = tonumber(v) end
  return out
end
-- Sums the live buckets of a window without building a table per bucket (it runs on every reserve).
local function window_sums(key, bucket_ms, slots, now, channels)
  local oldest = math.floor(now / bucket_ms) - slots
  local all = redis.call('HGETALL', key)
  local s1, s2, s3, s4 = 0, 0, 0, 0
  local stale
  local pattern = channels == 4 and '^(%d+) (%d+) (%d+) (%d+)' or '^(%d+) (%d+)'
  for k = 1, #all, 2 do
    if tonumber(all[k]) <= oldest then
      stale = stale or {}
      stale[#stale + 1] = all[k]
    else
      local a, b, c, d = string.match(all[k + 1], pattern)
      s1 = s1 + tonumber(a); s2 = s2 + tonumber(b)
      if c then s3 = s3 + tonumber(c); s4 = s4 + tonumber(d) end
    end
  end
  if stale then redis.call('HDEL', key, unpack(stale)) end
  return {s1, s2, s3, s4}
end
local function add_bucket(key, bucket_ms, slots, at, now, amounts, channels)
  local current = math.floor(now / bucket_ms)
  local bucket = math.min(math.floor(at / bucket_ms), current)
  if bucket <= current - slots then return end
  local old = redis.call('HGET', key, bucket)
  local v = {0, 0, 0, 0}
  if old then v = nums(old) end
  local parts = {}
  for c = 1, channels do parts[c] = string.format('%d', (v[c] or 0) + amounts[c]) end
  redis.call('HSET', key, bucket, table.concat(parts, ' '))
  redis.call('PEXPIRE', key, TTL_MS)
end
local function count(at, now, r, i, o)
  if r + i + o == 0 then return end
  add_bucket(KEYS[1], MINUTE_MS, MINUTE_SLOTS, at, now, {r, i + o, i, o}, 4)
  add_bucket(KEYS[2], DAY_MS, DAY_SLOTS, at, now, {r, i + o}, 2)
end
-- Expired holds count as used with what they held (the request may have reached the provider).
local function sweep(now)
  local all = redis.call('HGETALL', KEYS[3])
  local held = {r = 0, i = 0, o = 0, n = 0}
  local holds = {}
  for k = 1, #all, 2 do
    local h = nums(all[k + 1])
    if h[2] <= now then
      redis.call('HDEL', KEYS[3], all[k])
      count(h[1], now, h[3], h[4], h[5])
    else
      held.r = held.r + h[3]; held.i = held.i + h[4]; held.o = held.o + h[5]; held.n = held.n + 1
      holds[all[k]] = h
    end
  end
  return held, holds
end
local function take(id, now)
  local _, holds = sweep(now)
  local h = holds[id]
  if h == nil then return nil end
  redis.call('HDEL', KEYS[3], id)
  return h
end
local function fmt(x) return string.format('%d', x) end
`;

/**
 * ARGV: id, now, expiresAt, requests, input, output, then 7 limits ('' = none) in dimension order, then the
 * key-state version the caller routed on ('' = unknown). A newer stored version (a change the caller has not
 * heard of yet) refuses: {0, 6, 0, 0, 0, 'stale', version}.
 */
const RESERVE = `${COMMON}
if ARGV[14] ~= nil and ARGV[14] ~= '' then
  local version = tonumber(redis.call('HGET', KEYS[6], 'v') or '0')
  if version > tonumber(ARGV[14]) then return {0, 6, 0, 0, 0, 'stale', version} end
end
local id, now, expires = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local r, i, o = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local held = sweep(now)
if redis.call('HEXISTS', KEYS[3], id) == 1 then return {1} end
local bu = tonumber(redis.call('HGET', KEYS[4], 'bu') or '0')
if bu > now then
  return {0, tonumber(redis.call('HGET', KEYS[4], 'bd') or '0'), 0, 0, 0, fmt(bu)}
end
local want = {r, i + o, i, o, r, i + o}
local holding = {held.r, held.i + held.o, held.i, held.o, held.r, held.i + held.o}
local minute, day
for d = 1, 6 do
  local limit = tonumber(ARGV[6 + d])
  if limit ~= nil then
    local used
    if d <= 4 then
      minute = minute or window_sums(KEYS[1], MINUTE_MS, MINUTE_SLOTS, now, 4)
      used = minute[d]
    else
      day = day or window_sums(KEYS[2], DAY_MS, DAY_SLOTS, now, 2)
      used = day[d - 4]
    end
    if used + holding[d] + want[d] > limit then return {0, d - 1, fmt(used), fmt(holding[d]), ARGV[6 + d]} end
  end
end
local concurrency = tonumber(ARGV[13])
if concurrency ~= nil and held.n + 1 > concurrency then return {0, 6, 0, held.n, ARGV[13]} end
redis.call('HSET', KEYS[3], id, table.concat({fmt(now), fmt(expires), fmt(r), fmt(i), fmt(o)}, ' '))
local ttl = math.max(1, expires - now) + 60000
if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
redis.call('SET', KEYS[5], '1', 'PX', TTL_MS)
return {1}
`;

/** ARGV: id, now, actual requests, input, output. */
const COMMIT = `${COMMON}
local now = tonumber(ARGV[2])
local h = take(ARGV[1], now)
if h == nil then return 0 end
count(h[1], now, tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
return 1
`;

/** ARGV: id, now. */
const RELEASE = `${COMMON}
if take(ARGV[1], tonumber(ARGV[2])) == nil then return 0 end
return 1
`;

/** ARGV: now, blockedUntil ('' = none), blocked dimension index, then 7 learned limits ('' = not reported). */
const OBSERVE = `${COMMON}
local now = tonumber(ARGV[1])
sweep(now)
local bu = tonumber(ARGV[2])
if bu ~= nil and bu > tonumber(redis.call('HGET', KEYS[4], 'bu') or '0') then
  redis.call('HSET', KEYS[4], 'bu', fmt(bu), 'bd', ARGV[3])
end
for d = 1, 7 do
  if ARGV[3 + d] ~= '' then redis.call('HSET', KEYS[4], 'l' .. d, ARGV[3 + d]) end
end
redis.call('PEXPIRE', KEYS[4], TTL_MS)
redis.call('SET', KEYS[5], '1', 'PX', TTL_MS)
return 1
`;

/** ARGV: now. Returns nil, or {used×6, held×6, holds, blockedUntil, blockedDim, learned×7}. */
const SNAPSHOT = `${COMMON}
local now = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[5]) == 0 then return nil end
local held = sweep(now)
local minute = window_sums(KEYS[1], MINUTE_MS, MINUTE_SLOTS, now, 4)
local day = window_sums(KEYS[2], DAY_MS, DAY_SLOTS, now, 2)
local out = {fmt(minute[1]), fmt(minute[2]), fmt(minute[3]), fmt(minute[4]), fmt(day[1]), fmt(day[2])}
local hi = {held.r, held.i + held.o, held.i, held.o, held.r, held.i + held.o}
for d = 1, 6 do out[#out + 1] = fmt(hi[d]) end
out[#out + 1] = fmt(held.n)
local f = redis.call('HMGET', KEYS[4], 'bu', 'bd', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7')
out[#out + 1] = f[1] or '0'
out[#out + 1] = f[2] or '0'
for d = 3, 9 do out[#out + 1] = f[d] or '' end
return out
`;

/** Reserve-if-fits across every dimension of one key. */
export const QUOTA_RESERVE = new LuaScript('quota.reserve', RESERVE);
/** Frees a hold and counts the actual usage at the hold's instant. */
export const QUOTA_COMMIT = new LuaScript('quota.commit', COMMIT);
/** Frees a hold, counting nothing. */
export const QUOTA_RELEASE = new LuaScript('quota.release', RELEASE);
/** Merges provider facts (block, learned limits). */
export const QUOTA_OBSERVE = new LuaScript('quota.observe', OBSERVE);
/** A key's counters at one instant. */
export const QUOTA_SNAPSHOT = new LuaScript('quota.snapshot', SNAPSHOT);
