import { LuaScript } from '../connection/lua-script.js';
import { SPEND_PRELUDE } from './spend-common-lua.js';

// The spend scripts that define budgets, claim thresholds and read or rebuild a replica (layout:
// spend-common-lua.ts).

/** ARGV: channel, budget id, budget JSON. */
const PUT_BUDGET = `
redis.call('HSET', base .. ':budgets', ARGV[2], ARGV[3])
local bv = redis.call('INCR', base .. ':bver')
return publish('put', {ARGV[2], ARGV[3], 'v', tostring(bv)})
`;

/** ARGV: channel, budget id. */
const REMOVE_BUDGET = `
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
const CLAIM = `
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
const BETWEEN = `
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
const LOAD = `
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
const SEED = `
if redis.call('EXISTS', base .. ':epoch') == 1 then return 0 end
redis.call('SET', base .. ':epoch', ARGV[3])
local seed = cjson.decode(ARGV[2])
for _, b in ipairs(seed.budgets) do redis.call('HSET', base .. ':budgets', b[1], b[2]) end
for _, b in ipairs(seed.buckets) do redis.call('HSET', base .. ':b:' .. b[1], b[2], b[3]) end
return 1
`;

/** Creates or replaces a budget definition. */
export const SPEND_PUT_BUDGET = new LuaScript('spend.putBudget', PUT_BUDGET, SPEND_PRELUDE);
/** Deletes a budget with its spend and claims. */
export const SPEND_REMOVE_BUDGET = new LuaScript('spend.removeBudget', REMOVE_BUDGET, SPEND_PRELUDE);
/** Claims threshold events once per budget window. */
export const SPEND_CLAIM = new LuaScript('spend.claimThresholds', CLAIM, SPEND_PRELUDE);
/** Sums a series' hourly spend. */
export const SPEND_BETWEEN = new LuaScript('spend.spendBetween', BETWEEN, SPEND_PRELUDE);
/** Everything a replica needs, read atomically with the write sequence number. */
export const SPEND_LOAD = new LuaScript('spend.load', LOAD, SPEND_PRELUDE);
/** Writes a replica's view back into a Redis that lost its data. */
export const SPEND_SEED = new LuaScript('spend.seed', SEED, SPEND_PRELUDE);
