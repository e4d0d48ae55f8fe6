import { LuaScript } from '../connection/lua-script.js';
import { QUOTA_PRELUDE } from './quota-common-lua.js';

/*
 * One script per quota operation on one router key; the layout of its data is in quota-common-lua.ts. KEYS[1] is
 * the key's hash-tag root; numbers travel packed in one space-separated argument (fewer arguments to encode
 * and parse: a reserve is 3 arguments, not 20). Instants are on the shared store clock (the caller maps its own).
 */

/**
 * ARGV: id, "now expiresAt requests input output l1 … l7 version [usageFrom]" (limits in dimension order, '-' =
 * none; version = the key-state version the caller routed on, '-' = unknown; usageFrom = the earliest instant its
 * usage may be counted at, default now: a lease admits requests until then, so what it used counts no earlier).
 * A newer stored version (a change the caller has not heard of yet) refuses: {0, 6, 0, 0, 0, 'stale', version}.
 * Held: {1}; with usageFrom, {1, room×6}: per windowed dimension what is left under its limit ('' = none).
 */
const RESERVE = `
local id = ARGV[1]
local p = {}
for v in string.gmatch(ARGV[2], '%S+') do p[#p + 1] = v end
local now, expires = tonumber(p[1]), tonumber(p[2])
local r, i, o = tonumber(p[3]), tonumber(p[4]), tonumber(p[5])
local known = tonumber(p[13])
local created = tonumber(p[14]) or now
if known ~= nil then
  local version = tonumber(redis.call('HGET', root .. ':state', 'v') or '0')
  if version > known then return {0, 6, 0, 0, 0, 'stale', version} end
end
local held, mine = holds(now, id)
if mine then return {1} end
local bu = tonumber(redis.call('HGET', KF, 'bu') or '0')
if bu > now then
  return {0, tonumber(redis.call('HGET', KF, 'bd') or '0'), 0, 0, 0, fmt(bu)}
end
local want = {r, i + o, i, o, r, i + o}
local holding = {held[1], held[2] + held[3], held[2], held[3], held[1], held[2] + held[3]}
local minute, day
-- Room left under each limit once this hold is in: a lease (usageFrom given) follows limits that drop by less.
local room = {'', '', '', '', '', ''}
for d = 1, 6 do
  local limit = tonumber(p[5 + d])
  if limit ~= nil then
    local used
    if d <= 4 then
      minute = minute or window(KM, MINUTE_MS, MINUTE_SLOTS, now, 4)
      used = minute[d] or 0
    else
      day = day or window(KD, DAY_MS, DAY_SLOTS, now, 2)
      used = day[d - 4] or 0
    end
    if used + holding[d] + want[d] > limit then return {0, d - 1, fmt(used), fmt(holding[d]), p[5 + d]} end
    room[d] = fmt(limit - used - holding[d] - want[d])
  end
end
local concurrency = tonumber(p[12])
if concurrency ~= nil and held[4] + 1 > concurrency then return {0, 6, 0, held[4], p[12]} end
local earliest = expires
if held[4] > 0 and held[5] < expires then earliest = held[5] end
redis.call('HSET', KH, '.' .. id, table.concat({fmt(created), fmt(expires), fmt(r), fmt(i), fmt(o)}, ' '),
  'a', join({held[1] + r, held[2] + i, held[3] + o, held[4] + 1, earliest}, 5))
-- The hash lives until its latest hold's expiry plus a minute (GT: never shortened by an earlier one).
local ttl = math.max(1, expires - now) + 60000
if held[4] == 0 then redis.call('PEXPIRE', KH, ttl) else redis.call('PEXPIRE', KH, ttl, 'GT') end
if p[14] ~= nil then return {1, unpack(room)} end
return {1}
`;

/** ARGV: id, "now requests input output" (actual usage). */
const COMMIT = `
local p = nums(ARGV[2])
local now = p[1]
local h = take(ARGV[1], now)
if h == nil then return 0 end
count(h[1], now, p[2], p[3], p[4])
return 1
`;

/** ARGV: id, now. */
const RELEASE = `
if take(ARGV[1], tonumber(ARGV[2])) == nil then return 0 end
return 1
`;

/** ARGV: now, blockedUntil ('' = none), blocked dimension index, then 7 learned limits ('' = not reported). */
const OBSERVE = `
local now = tonumber(ARGV[1])
holds(now)
local bu = tonumber(ARGV[2])
if bu ~= nil and bu > tonumber(redis.call('HGET', KF, 'bu') or '0') then
  redis.call('HSET', KF, 'bu', fmt(bu), 'bd', ARGV[3])
end
for d = 1, 7 do
  if ARGV[3 + d] ~= '' then redis.call('HSET', KF, 'l' .. d, ARGV[3 + d]) end
end
redis.call('PEXPIRE', KF, TTL_MS)
redis.call('SET', KK, '1', 'PX', TTL_MS)
return 1
`;

/** ARGV: now. Returns nil, or {used×6, held×6, holds, blockedUntil, blockedDim, learned×7}. */
const SNAPSHOT = `
local now = tonumber(ARGV[1])
if redis.call('EXISTS', KK, KH, KM, KD, KF) == 0 then return nil end
local held = holds(now)
local minute = window(KM, MINUTE_MS, MINUTE_SLOTS, now, 4)
local day = window(KD, DAY_MS, DAY_SLOTS, now, 2)
local out = {}
for d = 1, 4 do out[d] = fmt(minute[d] or 0) end
out[5] = fmt(day[1] or 0); out[6] = fmt(day[2] or 0)
local hi = {held[1], held[2] + held[3], held[2], held[3], held[1], held[2] + held[3]}
for d = 1, 6 do out[#out + 1] = fmt(hi[d]) end
out[#out + 1] = fmt(held[4])
local f = redis.call('HMGET', KF, 'bu', 'bd', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7')
out[#out + 1] = f[1] or '0'
out[#out + 1] = f[2] or '0'
for d = 3, 9 do out[#out + 1] = f[d] or '' end
return out
`;

/** Reserve-if-fits across every dimension of one key. */
export const QUOTA_RESERVE = new LuaScript('quota.reserve', RESERVE, QUOTA_PRELUDE);
/** Frees a hold and counts the actual usage at the hold's instant. */
export const QUOTA_COMMIT = new LuaScript('quota.commit', COMMIT, QUOTA_PRELUDE);
/** Frees a hold, counting nothing. */
export const QUOTA_RELEASE = new LuaScript('quota.release', RELEASE, QUOTA_PRELUDE);
/** Merges provider facts (block, learned limits). */
export const QUOTA_OBSERVE = new LuaScript('quota.observe', OBSERVE, QUOTA_PRELUDE);
/** A key's counters at one instant. */
export const QUOTA_SNAPSHOT = new LuaScript('quota.snapshot', SNAPSHOT, QUOTA_PRELUDE);
