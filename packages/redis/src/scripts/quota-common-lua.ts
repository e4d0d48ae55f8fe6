import type { LuaPrelude } from '../connection/lua-script.js';

/**
 * Lua shared by the quota scripts: window counters and holds of one router key, kept so that the hot path
 * (reserve, commit, release) reads a few hash fields instead of scanning every bucket and every hold.
 *
 * KEYS[1] is the key's hash-tag root `<prefix>:{<prefix>:<keyId>}`; every key below derives from it (one
 * Cluster slot):
 *   root:q:m  minute buckets (1 s): field <bucket index> = "requests tokens input output", plus
 *             s = the sum of every stored bucket and lo = no stored bucket is older than this index
 *   root:q:d  day buckets (15 min): the same with "requests tokens"
 *   root:q:h  live holds: field .<reservation id> = "createdAt expiresAt requests input output", plus
 *             a = "requests input output holds earliest" (the holds' sums; `earliest` is at or before the
 *             earliest expiry, so nothing can have expired before it and the holds need no scan until then)
 *   root:q:f  provider facts: bu (blocked until), bd (its dimension index), l1..l7 learned limits
 *   root:q:k  marker: facts were observed for this key (a snapshot exists while any of these keys does)
 *   root:state  the key's persisted state (see the key store): field v = its version
 * A bucket b counts while b > current − slots (61 minute slots, 98 day slots), the same conservative rounding as
 * the in-memory BucketRing. All counts are whole numbers far below 2^53: exact in Lua's doubles.
 *
 * Every quota script runs `bind(KEYS[1])` first (see {@link QUOTA_PRELUDE}): a combined script defines these
 * helpers once and binds them to each part's key.
 *
 * @example
 * const script = `${QUOTA_COMMON}\nbind(KEYS[1])\nreturn fmt(holds(tonumber(ARGV[1]))[4])`;
 */
export const QUOTA_COMMON = `
local MINUTE_MS, MINUTE_SLOTS, DAY_MS, DAY_SLOTS = 1000, 61, 900000, 98
-- QUOTA_SEND_ALLOWANCE_MS: usage counts from min(settled, reserved + this), as usageInstant in core.
local SEND_MS = 1000
local TTL_MS = 90000000
-- Stale buckets evicted one by one up to this many; a longer gap (an idle key) costs one full scan.
local EVICT_MAX = 128
local root, KM, KD, KH, KF, KK
local function bind(key)
  root = key
  KM, KD, KH, KF, KK = root .. ':q:m', root .. ':q:d', root .. ':q:h', root .. ':q:f', root .. ':q:k'
end
local function nums(text)
  local out, n = {}, 0
  for v in string.gmatch(text, '%S+') do n = n + 1; out[n] = tonumber(v) end
  return out
end
local function fmt(x) return string.format('%d', x) end
local function join(t, n)
  local parts = {}
  for c = 1, n do parts[c] = fmt(t[c] or 0) end
  return table.concat(parts, ' ')
end
-- Sums of a window's live buckets, evicting stale ones first. Also returns lo (nil: the window is empty) and,
-- read in the same call, the value of bucket \`field\` (when given and not evicted).
local function window(key, bucket_ms, slots, now, channels, field)
  local oldest = math.floor(now / bucket_ms) - slots
  local meta = redis.call('HMGET', key, 'lo', 's', field or 'lo')
  local lo = tonumber(meta[1])
  local sums = nums(meta[2] or '0 0 0 0')
  if lo ~= nil and lo > oldest then return sums, lo, meta[3] end
  local gone = {}
  if lo ~= nil and oldest - lo < EVICT_MAX then
    local fields = {}
    for b = lo, oldest do fields[#fields + 1] = b end
    local values = redis.call('HMGET', key, unpack(fields))
    for k = 1, #fields do
      if values[k] then
        gone[#gone + 1] = fields[k]
        local v = nums(values[k])
        for c = 1, channels do sums[c] = sums[c] - v[c] end
      end
    end
  else
    sums = {0, 0, 0, 0}
    local all = redis.call('HGETALL', key)
    if #all == 0 then return sums, nil, false end
    for k = 1, #all, 2 do
      local b = tonumber(all[k])
      if b ~= nil then
        if b <= oldest then
          gone[#gone + 1] = all[k]
        else
          local v = nums(all[k + 1])
          for c = 1, channels do sums[c] = sums[c] + v[c] end
        end
      end
    end
  end
  if #gone > 0 then redis.call('HDEL', key, unpack(gone)) end
  redis.call('HSET', key, 'lo', fmt(oldest + 1), 's', join(sums, channels))
  local kept = false
  if field ~= nil and tonumber(field) > oldest then kept = meta[3] end
  return sums, oldest + 1, kept
end
local function add_bucket(key, bucket_ms, slots, at, now, amounts, channels)
  local current = math.floor(now / bucket_ms)
  local bucket = math.min(math.floor(at / bucket_ms), current)
  if bucket <= current - slots then return end
  local field = fmt(bucket)
  local sums, lo, old = window(key, bucket_ms, slots, now, channels, field)
  -- A replica whose clock runs ahead already evicted this bucket's slot: count it in the oldest live one,
  -- later than it belongs (conservative), instead of in a bucket no eviction would reach.
  if lo ~= nil and bucket < lo then
    field = fmt(lo)
    old = redis.call('HGET', key, field)
  end
  local v = old and nums(old) or {0, 0, 0, 0}
  for c = 1, channels do
    v[c] = (v[c] or 0) + amounts[c]
    sums[c] = (sums[c] or 0) + amounts[c]
  end
  redis.call('HSET', key, field, join(v, channels), 's', join(sums, channels), 'lo', fmt(lo or current - slots + 1))
  -- A new bucket at least every 15 min keeps the window alive; its TTL outlasts the day window.
  if not old then redis.call('PEXPIRE', key, TTL_MS) end
end
-- Counts a settled hold reserved at \`created\`, from usageInstant(created, now) (see QUOTA_SEND_ALLOWANCE_MS).
local function count(created, now, r, i, o)
  if r + i + o == 0 then return end
  local at = math.min(now, created + SEND_MS)
  add_bucket(KM, MINUTE_MS, MINUTE_SLOTS, at, now, {r, i + o, i, o}, 4)
  add_bucket(KD, DAY_MS, DAY_SLOTS, at, now, {r, i + o}, 2)
end
-- The live holds' sums {requests, input, output, holds, earliest}, and the hold \`id\` (false when none),
-- read in one call. Expired holds go (once now reaches the earliest expiry) and count as used with what they
-- held: the request may have reached the provider.
local function holds(now, id)
  local got = redis.call('HMGET', KH, 'a', '.' .. (id or ''))
  if not got[1] then return {0, 0, 0, 0, 0}, got[2] end
  local a = nums(got[1])
  if a[4] == 0 or a[5] > now then return a, got[2] end
  local all = redis.call('HGETALL', KH)
  local r, i, o, n, earliest = 0, 0, 0, 0, nil
  local dead
  local mine = false
  for k = 1, #all, 2 do
    if string.byte(all[k], 1) == 46 then
      local h = nums(all[k + 1])
      if h[2] <= now then
        dead = dead or {}
        dead[#dead + 1] = all[k]
        count(h[1], now, h[3], h[4], h[5])
      else
        if id ~= nil and all[k] == '.' .. id then mine = all[k + 1] end
        r = r + h[3]; i = i + h[4]; o = o + h[5]; n = n + 1
        if earliest == nil or h[2] < earliest then earliest = h[2] end
      end
    end
  end
  if dead then redis.call('HDEL', KH, unpack(dead)) end
  a = {r, i, o, n, earliest or 0}
  redis.call('HSET', KH, 'a', join(a, 5))
  return a, mine
end
-- Removes a live hold and returns it (nil when there is none: settled, released or expired).
local function take(id, now)
  local a, raw = holds(now, id)
  if not raw then return nil end
  local h = nums(raw)
  redis.call('HDEL', KH, '.' .. id)
  a[1] = a[1] - h[3]; a[2] = a[2] - h[4]; a[3] = a[3] - h[5]; a[4] = a[4] - 1
  redis.call('HSET', KH, 'a', join(a, 5))
  return h
end
`;

/**
 * What every quota script starts with: the helpers above, bound to the call's key.
 *
 * @example
 * const RELEASE = new LuaScript('quota.release', 'return take(ARGV[1], tonumber(ARGV[2])) and 1 or 0', QUOTA_PRELUDE);
 */
export const QUOTA_PRELUDE: LuaPrelude = { source: QUOTA_COMMON, enter: 'bind(KEYS[1])' };
