import type { LuaPrelude } from '../connection/lua-script.js';
import { LUA_DECIMAL } from './lua-decimal.js';

/**
 * All spend state sits under one hash tag, `{<prefix>:spend}` (one Cluster slot), because one reservation
 * holds on several budgets at once and must do so atomically. KEYS[1] is the base; the script derives:
 *   base:budgets   hash   budget id → JSON record
 *   base:b:<id>    hash   bucket start → spent (decimal string)
 *   base:r         hash   budget id → reserved by live holds (decimal string)
 *   base:holds     hash   reservation id → JSON {a = amount, b = budget ids, s = series}
 *   base:hexp      zset   reservation id by expiry (server ms): expired holds are swept on every call
 *   base:t:<id>    hash   w = threshold window key, c<threshold> = claimed
 *   base:s:<name>  hash   hour start → spent, n<hour> → requests (one per series; name = dimension\\0id)
 *   base:si        zset   series name by last write (write order), bounded by maxSeries
 *   base:seq       counter of writes: every change is published with its sequence number
 *   base:bver      counter of budget puts and removes: a reserve decided on an older view is refused 'stale'
 *   base:d:<id>    string '1': reservation <id> was committed (expires DONE_MS later), so a replay is a no-op
 * Every write numbers its change and answers it as "<seq>\\n<kind>\\n…", so the writer updates its own copy at
 * once. Budget puts and removes, releases and sweeps also publish it on ARGV[1] (the invalidation channel).
 * Reserves and commits, two per request, do not: the writer's flush (SPEND_FLUSH, at most 10 ms later, one per
 * process however many writes came meanwhile) publishes the current totals of every budget and bucket those
 * writes changed, in one message. Messages carry totals, not deltas, so one flush stands for every change
 * before it, whoever made it.
 *
 * This is the Lua every spend script starts with: the layout above, the decimal helpers, hold sweeping and
 * publishing.
 *
 * Every spend script runs `bind(KEYS[1], ARGV[1])` first (see {@link SPEND_PRELUDE}): a combined script defines
 * these helpers once and binds them (and fresh per-call caches) to each part's base and channel.
 *
 * @example
 * const RELEASE = `${SPEND_COMMON}
 * bind(KEYS[1], ARGV[1])
 * return take(ARGV[2]) and 1 or 0`;
 */
export const SPEND_COMMON = `${LUA_DECIMAL}
-- The call's base key and invalidation channel, and what it read or changed (see bind).
local base, channel, rcache, changed, bexists
-- How long a commit is remembered: a replay of it within this time (a commit whose reply was lost and that
-- the degraded store writes again) changes nothing.
local DONE_MS = 300000
-- Reserved totals read or written by this call (each is read from Redis at most once).
local function reserved_of(id)
  local v = rcache[id]
  if v == nil then
    v = redis.call('HGET', base .. ':r', id) or '0'
    rcache[id] = v
  end
  return v
end
local function set_reserved(id, value)
  rcache[id] = value
  if value == '0' then redis.call('HDEL', base .. ':r', id) else redis.call('HSET', base .. ':r', id, value) end
end
-- Bucket values are stored normalised (they come from dadd), so a single bucket needs no addition.
local function spent_since(id, from)
  local all = redis.call('HGETALL', base .. ':b:' .. id)
  local total = '0'
  for k = 1, #all, 2 do
    if tonumber(all[k]) >= from then
      if total == '0' then total = all[k + 1] else total = dadd(total, all[k + 1]) end
    end
  end
  return total
end
local function touch(id) changed[id] = true end
-- Whether a budget exists, asked of Redis at most once per call.
local function budget_exists(id)
  local v = bexists[id]
  if v == nil then
    v = redis.call('HEXISTS', base .. ':budgets', id) == 1
    bexists[id] = v
  end
  return v
end
local function committed(id) return redis.call('EXISTS', base .. ':d:' .. id) == 1 end
local function take(id)
  local raw = redis.call('HGET', base .. ':holds', id)
  if not raw then return nil end
  redis.call('HDEL', base .. ':holds', id)
  redis.call('ZREM', base .. ':hexp', id)
  local hold = cjson.decode(raw)
  for _, b in ipairs(hold.b) do
    -- A deleted budget keeps nothing: its live holds no longer touch it.
    if budget_exists(b) then
      set_reserved(b, dsub(reserved_of(b), hold.a))
      touch(b)
    end
  end
  return hold
end
local function sweep(now)
  local expired = redis.call('ZRANGEBYSCORE', base .. ':hexp', '-inf', now)
  for _, id in ipairs(expired) do take(id) end
end
-- Numbers the change without publishing it: the payload is the reply only (the writer's flush publishes it).
local function defer(kind, extra)
  local seq = redis.call('INCR', base .. ':seq')
  local out = {tostring(seq), kind}
  for _, v in ipairs(extra or {}) do out[#out + 1] = v end
  for id, _ in pairs(changed) do
    out[#out + 1] = 'r'; out[#out + 1] = id; out[#out + 1] = reserved_of(id)
  end
  return table.concat(out, '\\n')
end
-- Publishes and returns the reserved totals of every budget this call changed.
local function publish(kind, extra)
  local payload = defer(kind, extra)
  redis.call('PUBLISH', channel, payload)
  return payload
end
-- Publishes what the sweep of expired holds changed, if anything ('' when nothing).
local function flush()
  if next(changed) == nil then return '' end
  return publish('sweep')
end
-- Binds the helpers to one call: its base key and channel, and empty caches.
local function bind(key, chan)
  base, channel, rcache, changed, bexists = key, chan, {}, {}, {}
end
`;

/**
 * What every spend script starts with: the helpers above, bound to the call's base (KEYS[1]) and channel (ARGV[1]).
 *
 * @example
 * const RELEASE = new LuaScript('spend.release', 'return take(ARGV[2]) and 1 or 0', SPEND_PRELUDE);
 */
export const SPEND_PRELUDE: LuaPrelude = { source: SPEND_COMMON, enter: 'bind(KEYS[1], ARGV[1])' };
