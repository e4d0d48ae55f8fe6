import { LuaScript } from '../connection/lua-script.js';
import { LUA_DECIMAL } from './lua-decimal.js';

/*
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
 *   base:done      hash   reservation id → '1': committed (kept DONE_MS), so a replayed commit is a no-op
 *   base:dexp      zset   committed reservation id by when its marker goes (server ms)
 * Every write publishes on ARGV[1] (the invalidation channel) "<seq>\\n<kind>\\n…" so replicas update their
 * local copy; the same payload is the script's reply, so the writer updates its own at once.
 */
const COMMON = `${LUA_DECIMAL}
local base = KEYS[1]
-- How long a commit is remembered: a replay of it within this time (a commit whose reply was lost and that
-- the degraded store writes again) changes nothing.
local DONE_MS = 300000
-- Reserved totals read or written by this call (each is read from Redis at most once).
local rcache = {}
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
local changed = {}
local function touch(id) changed[id] = true end
local function take(id)
  local raw = redis.call('HGET', base .. ':holds', id)
  if not raw then return nil end
  redis.call('HDEL', base .. ':holds', id)
  redis.call('ZREM', base .. ':hexp', id)
  local hold = cjson.decode(raw)
  for _, b in ipairs(hold.b) do
    -- A deleted budget keeps nothing: its live holds no longer touch it.
    if redis.call('HEXISTS', base .. ':budgets', b) == 1 then
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
-- Publishes and returns the reserved totals of every budget this call changed.
local function publish(kind, extra)
  local seq = redis.call('INCR', base .. ':seq')
  local out = {tostring(seq), kind}
  for _, v in ipairs(extra or {}) do out[#out + 1] = v end
  for id, _ in pairs(changed) do
    out[#out + 1] = 'r'; out[#out + 1] = id; out[#out + 1] = reserved_of(id)
  end
  local payload = table.concat(out, '\\n')
  redis.call('PUBLISH', ARGV[1], payload)
  return payload
end
-- Publishes what the sweep of expired holds changed, if anything ('' when nothing).
local function flush()
  if next(changed) == nil then return '' end
  return publish('sweep')
end
`;

/**
 * ARGV: channel, JSON {id, amount, lines: [{b, from, lim?, strict?}], series: [[dim, id]], clock, exp, bv?} (clock,
 * exp: server ms; bv: the budget version the lines were decided on).
 */
const RESERVE = `${COMMON}
local req = cjson.decode(ARGV[2])
sweep(req.clock)
if redis.call('HEXISTS', base .. ':holds', req.id) == 1 then return {'ok'} end
-- A committed id (a carrier hold written again after a lost reply): its commit will answer 'done'.
if redis.call('HEXISTS', base .. ':done', req.id) == 1 then return {'ok'} end
-- Lines decided on an older set of budgets could miss one created elsewhere a moment ago: nothing is held,
-- the caller reloads and decides again.
if req.bv ~= nil and req.bv ~= tonumber(redis.call('GET', base .. ':bver') or '0') then
  return {'stale', flush()}
end
local failed, held = {}, {}
for _, line in ipairs(req.lines) do
  if redis.call('HEXISTS', base .. ':budgets', line.b) == 1 then
    held[#held + 1] = line.b
    if line.lim then
      local spent = spent_since(line.b, line.from)
      local reserved = reserved_of(line.b)
      local c = dcmp(dadd(dadd(spent, reserved), req.amount), line.lim)
      if c > 0 or (line.strict and c == 0) then
        failed[#failed + 1] = line.b; failed[#failed + 1] = spent; failed[#failed + 1] = reserved
      end
    end
  end
end
if #failed > 0 then
  table.insert(failed, 1, flush())
  table.insert(failed, 1, 'no')
  return failed
end
for _, b in ipairs(held) do
  set_reserved(b, dadd(reserved_of(b), req.amount))
  touch(b)
end
local hold = cjson.encode({a = req.amount, b = held, s = req.series})
redis.call('HSET', base .. ':holds', req.id, hold)
redis.call('ZADD', base .. ':hexp', req.exp, req.id)
return {'ok', publish('reserve')}
`;

/** ARGV: channel, JSON {id, actual, lines: [{b, from, bucket}], clock (server ms), at (caller ms), retention, maxSeries}. */
const COMMIT = `${COMMON}
local req = cjson.decode(ARGV[2])
sweep(req.clock)
local hold = take(req.id)
if hold == nil then
  if redis.call('HEXISTS', base .. ':done', req.id) == 0 then return {'none', flush()} end
  -- Already committed (a replay after a lost reply): count nothing again.
  return {'done', flush()}
end
-- Markers of commits older than DONE_MS go, a few per commit (each commit adds one).
local stale = redis.call('ZRANGEBYSCORE', base .. ':dexp', '-inf', req.clock, 'LIMIT', 0, 4)
if #stale > 0 then
  redis.call('HDEL', base .. ':done', unpack(stale))
  redis.call('ZREM', base .. ':dexp', unpack(stale))
end
redis.call('HSET', base .. ':done', req.id, '1')
redis.call('ZADD', base .. ':dexp', req.clock + DONE_MS, req.id)
local mine = {}
for _, b in ipairs(hold.b) do mine[b] = true end
local extra, spent = {}, {}
for _, line in ipairs(req.lines) do
  if mine[line.b] and redis.call('HEXISTS', base .. ':budgets', line.b) == 1 then
    local key = base .. ':b:' .. line.b
    local bucket = string.format('%d', line.bucket)
    local old = redis.call('HGET', key, bucket)
    -- Buckets before the window go when a new bucket starts (no window moves without one).
    if not old then
      for _, s in ipairs(redis.call('HKEYS', key)) do
        if tonumber(s) < line.from then redis.call('HDEL', key, s) end
      end
    end
    local value = dadd(old or '0', req.actual)
    redis.call('HSET', key, bucket, value)
    extra[#extra + 1] = 'b'; extra[#extra + 1] = line.b
    extra[#extra + 1] = string.format('%d', line.from); extra[#extra + 1] = bucket; extra[#extra + 1] = value
    spent[#spent + 1] = line.b; spent[#spent + 1] = spent_since(line.b, line.from)
  end
end
local hour = math.floor(req.at / 3600000) * 3600000
local hourText = string.format('%d', hour)
local countField = 'n' .. hourText
-- One write order number per commit: the series it writes share it (least recently written go first).
local written = {}
if #hold.s > 0 then written[1] = redis.call('INCR', base .. ':sw') end
for _, series in ipairs(hold.s) do
  local name = series[1] .. '\0' .. series[2]
  local key = base .. ':s:' .. name
  local got = redis.call('HMGET', key, hourText, countField, 'pruned')
  redis.call('HSET', key, hourText, dadd(got[1] or '0', req.actual), countField, (tonumber(got[2]) or 0) + 1)
  if got[3] ~= hourText then
    redis.call('HSET', key, 'pruned', hourText)
    for _, field in ipairs(redis.call('HKEYS', key)) do
      local h = tonumber(string.match(field, '^n?(%d+)$') or '')
      if h ~= nil and h < req.at - req.retention then redis.call('HDEL', key, field) end
    end
  end
  written[#written + 1] = written[1]; written[#written + 1] = name
end
if #written > 1 and redis.call('ZADD', base .. ':si', unpack(written, 2)) > 0 then
  local excess = redis.call('ZCARD', base .. ':si') - req.maxSeries
  if excess > 0 then
    for _, name in ipairs(redis.call('ZPOPMIN', base .. ':si', excess)) do
      if string.find(name, '\0', 1, true) then redis.call('DEL', base .. ':s:' .. name) end
    end
  end
end
local payload = publish('commit', extra)
return {payload, unpack(spent)}
`;

/** ARGV: channel, JSON {id, clock} (server ms). */
const RELEASE = `${COMMON}
local req = cjson.decode(ARGV[2])
sweep(req.clock)
if take(req.id) == nil then return {0, flush()} end
return {1, publish('release')}
`;

/** ARGV: channel, budget id, budget JSON. */
const PUT_BUDGET = `${COMMON}
redis.call('HSET', base .. ':budgets', ARGV[2], ARGV[3])
local bv = redis.call('INCR', base .. ':bver')
return publish('put', {ARGV[2], ARGV[3], 'v', tostring(bv)})
`;

/** ARGV: channel, budget id. */
const REMOVE_BUDGET = `${COMMON}
local existed = redis.call('HDEL', base .. ':budgets', ARGV[2])
-- Live holds stay valid but no longer touch the budget, also if one with the same id is created later.
local holds = redis.call('HGETALL', base .. ':holds')
for k = 1, #holds, 2 do
  local hold = cjson.decode(holds[k + 1])
  local kept = {}
  for _, b in ipairs(hold.b) do if b ~= ARGV[2] then kept[#kept + 1] = b end end
  if #kept ~= #hold.b then
    hold.b = kept
    redis.call('HSET', base .. ':holds', holds[k], cjson.encode(hold))
  end
end
redis.call('DEL', base .. ':b:' .. ARGV[2], base .. ':t:' .. ARGV[2])
redis.call('HDEL', base .. ':r', ARGV[2])
local bv = redis.call('INCR', base .. ':bver')
return {existed, publish('remove', {ARGV[2], 'v', tostring(bv)})}
`;

/** ARGV: channel, budget id, window key, rearm ('1'/'0'), reached thresholds… Returns the fresh ones. */
const CLAIM = `${COMMON}
if redis.call('HEXISTS', base .. ':budgets', ARGV[2]) == 0 then return {} end
local key = base .. ':t:' .. ARGV[2]
if redis.call('HGET', key, 'w') ~= ARGV[3] then
  redis.call('DEL', key)
  redis.call('HSET', key, 'w', ARGV[3])
end
local reached = {}
for k = 5, #ARGV do reached['c' .. ARGV[k]] = true end
if ARGV[4] == '1' then
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if field ~= 'w' and not reached[field] then redis.call('HDEL', key, field) end
  end
end
local fresh = {}
for k = 5, #ARGV do
  if redis.call('HSETNX', key, 'c' .. ARGV[k], '1') == 1 then fresh[#fresh + 1] = ARGV[k] end
end
return fresh
`;

/** ARGV: channel, series name, first hour, end (exclusive). Returns {total, requests}. */
const BETWEEN = `${COMMON}
local all = redis.call('HGETALL', base .. ':s:' .. ARGV[2])
local from, to = tonumber(ARGV[3]), tonumber(ARGV[4])
local total, requests = '0', 0
for k = 1, #all, 2 do
  local h = tonumber(all[k])
  if h ~= nil and h >= from and h < to then
    total = dadd(total, all[k + 1])
    requests = requests + tonumber(redis.call('HGET', base .. ':s:' .. ARGV[2], 'n' .. all[k]) or '0')
  end
end
return {total, requests}
`;

/**
 * ARGV: channel. Returns {seq, epoch, budget version, budgets (id, json)…, '', reserved (id, value)…, '', buckets
 * (id, start, value)…}.
 */
const LOAD = `${COMMON}
local out = {
  redis.call('GET', base .. ':seq') or '0',
  redis.call('GET', base .. ':epoch') or '',
  redis.call('GET', base .. ':bver') or '0',
}
local budgets = redis.call('HGETALL', base .. ':budgets')
for _, v in ipairs(budgets) do out[#out + 1] = v end
out[#out + 1] = ''
for _, v in ipairs(redis.call('HGETALL', base .. ':r')) do out[#out + 1] = v end
out[#out + 1] = ''
for k = 1, #budgets, 2 do
  local all = redis.call('HGETALL', base .. ':b:' .. budgets[k])
  for j = 1, #all, 2 do
    out[#out + 1] = budgets[k]; out[#out + 1] = all[j]; out[#out + 1] = all[j + 1]
  end
end
return out
`;

/**
 * ARGV: channel, JSON {budgets: [[id, json]], buckets: [[id, start, value]]}, new epoch id. When Redis lost its data (no
 * base:epoch: a restart without persistence), writes the caller's last view of budgets and committed spend
 * back and returns 1; otherwise does nothing and returns 0. Holds are never re-created: none leaks.
 */
const SEED = `${COMMON}
if redis.call('EXISTS', base .. ':epoch') == 1 then return 0 end
redis.call('SET', base .. ':epoch', ARGV[3])
local seed = cjson.decode(ARGV[2])
for _, b in ipairs(seed.budgets) do redis.call('HSET', base .. ':budgets', b[1], b[2]) end
for _, b in ipairs(seed.buckets) do redis.call('HSET', base .. ':b:' .. b[1], b[2], b[3]) end
return 1
`;

/** Holds an amount on every capped budget line if all fit. */
export const SPEND_RESERVE = new LuaScript('spend.reserve', RESERVE);
/** Settles a reservation with its actual cost. */
export const SPEND_COMMIT = new LuaScript('spend.commit', COMMIT);
/** Frees a reservation. */
export const SPEND_RELEASE = new LuaScript('spend.release', RELEASE);
/** Creates or replaces a budget definition. */
export const SPEND_PUT_BUDGET = new LuaScript('spend.putBudget', PUT_BUDGET);
/** Deletes a budget with its spend and claims. */
export const SPEND_REMOVE_BUDGET = new LuaScript('spend.removeBudget', REMOVE_BUDGET);
/** Claims threshold events once per budget window. */
export const SPEND_CLAIM = new LuaScript('spend.claimThresholds', CLAIM);
/** Sums a series' hourly spend. */
export const SPEND_BETWEEN = new LuaScript('spend.spendBetween', BETWEEN);
/** Everything a replica needs, read atomically with the write sequence number. */
export const SPEND_LOAD = new LuaScript('spend.load', LOAD);
/** Writes a replica's view back into a Redis that lost its data. */
export const SPEND_SEED = new LuaScript('spend.seed', SEED);
