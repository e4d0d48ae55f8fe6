import { LuaScript } from '../connection/lua-script.js';
import { SPEND_PRELUDE } from './spend-common-lua.js';

// The spend scripts of every request (layout: spend-common-lua.ts).

/**
 * ARGV: channel, id, amount, clock, exp (server ms), bv (the budget version the lines were decided on; '' not
 * checked), hold (the hold's JSON {a, b, s} when every line's budget exists), then per line: budget id, from,
 * limit ('' none), strict ('1' or ''). Plain arguments, not one JSON document: no decoding per call.
 */
const RESERVE = `
local req = {id = ARGV[2], amount = ARGV[3], clock = tonumber(ARGV[4]), exp = ARGV[5]}
if ARGV[6] ~= '' then req.bv = tonumber(ARGV[6]) end
req.lines = {}
for k = 8, #ARGV, 4 do
  local lim = ARGV[k + 2]
  req.lines[#req.lines + 1] = {b = ARGV[k], from = tonumber(ARGV[k + 1]), lim = lim ~= '' and lim or nil, strict = ARGV[k + 3] == '1'}
end
sweep(req.clock)
if redis.call('HEXISTS', base .. ':holds', req.id) == 1 then return {'ok'} end
-- A committed id (a carrier hold written again after a lost reply): its commit will answer 'done'.
if committed(req.id) then return {'ok'} end
-- Lines decided on an older set of budgets could miss one created elsewhere a moment ago: nothing is held,
-- the caller reloads and decides again.
if req.bv ~= nil and req.bv ~= tonumber(redis.call('GET', base .. ':bver') or '0') then
  return {'stale', flush()}
end
local failed, held = {}, {}
for _, line in ipairs(req.lines) do
  if budget_exists(line.b) then
    held[#held + 1] = line.b
    if line.lim then
      local spent = spent_since(line.b, line.from)
      local reserved = reserved_of(line.b)
      local c = dsum3cmp(spent, reserved, req.amount, line.lim)
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
-- The caller's JSON names every line's budget: it is the hold unless a budget is gone (then the series come from it).
local hold = ARGV[7]
if #held ~= #req.lines then
  local given = cjson.decode(hold)
  hold = cjson.encode({a = req.amount, b = held, s = given.s})
end
redis.call('HSET', base .. ':holds', req.id, hold)
redis.call('ZADD', base .. ':hexp', req.exp, req.id)
return {'ok', defer('reserve')}
`;

/**
 * ARGV: channel, id, actual, clock (server ms), at (caller ms), retention, maxSeries, requests (how many requests
 * the actual covers: 1, or a spend lease's count), then per line: budget id, from, bucket.
 */
const COMMIT = `
local req = {id = ARGV[2], actual = ARGV[3], clock = tonumber(ARGV[4]), at = tonumber(ARGV[5]), retention = tonumber(ARGV[6]), maxSeries = tonumber(ARGV[7]), requests = tonumber(ARGV[8])}
req.lines = {}
for k = 9, #ARGV, 3 do
  req.lines[#req.lines + 1] = {b = ARGV[k], from = tonumber(ARGV[k + 1]), bucket = tonumber(ARGV[k + 2])}
end
sweep(req.clock)
local hold = take(req.id)
if hold == nil then
  if not committed(req.id) then return {'none', flush()} end
  -- Already committed (a replay after a lost reply): count nothing again.
  return {'done', flush()}
end
-- Redis drops the marker DONE_MS after the commit (no sweep by the scripts).
redis.call('SET', base .. ':d:' .. req.id, '1', 'PX', DONE_MS)
local mine = {}
for _, b in ipairs(hold.b) do mine[b] = true end
local extra, spent = {}, {}
for _, line in ipairs(req.lines) do
  if mine[line.b] and budget_exists(line.b) then
    local key = base .. ':b:' .. line.b
    local bucket = string.format('%d', line.bucket)
    -- One read of the buckets: the old value of this one, the stale ones and the window's total.
    local all = redis.call('HGETALL', key)
    local old, stale = nil, {}
    for k = 1, #all, 2 do
      if all[k] == bucket then old = all[k + 1] elseif tonumber(all[k]) < line.from then stale[#stale + 1] = all[k] end
    end
    -- Buckets before the window go when a new bucket starts (no window moves without one).
    if not old then
      for k = 1, #stale, 1000 do redis.call('HDEL', key, unpack(stale, k, math.min(k + 999, #stale))) end
    end
    local value = dadd(old or '0', req.actual)
    redis.call('HSET', key, bucket, value)
    extra[#extra + 1] = 'b'; extra[#extra + 1] = line.b
    extra[#extra + 1] = string.format('%d', line.from); extra[#extra + 1] = bucket; extra[#extra + 1] = value
    local total = line.bucket >= line.from and value or '0'
    for k = 1, #all, 2 do
      if all[k] ~= bucket and tonumber(all[k]) >= line.from then total = dadd(total, all[k + 1]) end
    end
    spent[#spent + 1] = line.b; spent[#spent + 1] = total
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
  redis.call('HSET', key, hourText, dadd(got[1] or '0', req.actual), countField, (tonumber(got[2]) or 0) + req.requests)
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
local payload = defer('commit', extra)
return {payload, unpack(spent)}
`;

/** ARGV: channel, id, clock (server ms). */
const RELEASE = `
local req = {id = ARGV[2], clock = tonumber(ARGV[3])}
sweep(req.clock)
if take(req.id) == nil then return {0, flush()} end
return {1, publish('release')}
`;

/**
 * ARGV: channel, n, n budget ids whose reserved totals changed, then per written bucket: budget id, from, bucket.
 * Publishes their current totals in one message (see SPEND_COMMON) and returns the payload ('' when nothing).
 */
const FLUSH = `
local n = tonumber(ARGV[2])
for k = 3, 2 + n do if budget_exists(ARGV[k]) then touch(ARGV[k]) end end
local extra = {}
for k = 3 + n, #ARGV, 3 do
  local id = ARGV[k]
  -- A budget removed since keeps nothing (its remove message said so); a bucket gone is outside the window.
  local value = budget_exists(id) and redis.call('HGET', base .. ':b:' .. id, ARGV[k + 2])
  if value then
    extra[#extra + 1] = 'b'; extra[#extra + 1] = id; extra[#extra + 1] = ARGV[k + 1]
    extra[#extra + 1] = ARGV[k + 2]; extra[#extra + 1] = value
  end
end
if #extra == 0 and next(changed) == nil then return '' end
return publish('flush', extra)
`;

/** Holds an amount on every capped budget line if all fit. */
export const SPEND_RESERVE = new LuaScript('spend.reserve', RESERVE, SPEND_PRELUDE);
/** Settles a reservation (or a spend lease, counting its requests) with its actual cost. */
export const SPEND_COMMIT = new LuaScript('spend.commit', COMMIT, SPEND_PRELUDE);
/** Publishes the changes reserves and commits deferred, in one message. */
export const SPEND_FLUSH = new LuaScript('spend.flush', FLUSH, SPEND_PRELUDE);
/** Frees a reservation. */
export const SPEND_RELEASE = new LuaScript('spend.release', RELEASE, SPEND_PRELUDE);
