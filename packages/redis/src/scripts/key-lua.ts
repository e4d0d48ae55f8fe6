import { LuaScript } from '../connection/lua-script.js';

/*
 * A router key's persisted state sits in KEYS[1] = `<prefix>:{<prefix>:<keyId>}:state`, a hash with
 * v = version and j = the JSON record: the same hash slot as the key's quota data. Every successful write
 * publishes "<keyId>\n<version>" on ARGV[1], so other replicas drop or refresh their copy before their next pick.
 */

/** ARGV: channel, key id, expected version, new version, JSON. Returns 1 when written. */
const COMPARE_AND_SET = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[4], 'j', ARGV[5])
redis.call('PUBLISH', ARGV[1], ARGV[2] .. '\\n' .. ARGV[4])
return 1
`;

/** ARGV: channel, key id. Returns 1 when the key existed. */
const DELETE = `
local existed = redis.call('DEL', KEYS[1])
if existed == 1 then redis.call('PUBLISH', ARGV[1], ARGV[2] .. '\\n0') end
return existed
`;

/** Compare-and-set of a key state on its version. */
export const KEY_COMPARE_AND_SET = new LuaScript('keys.compareAndSet', COMPARE_AND_SET);
/** Deletes a key state and announces it. */
export const KEY_DELETE = new LuaScript('keys.delete', DELETE);
